import { openTestPersistence } from '@chatbuddy/runtime/testing';
import { vi } from 'vitest';
import { leadFlowSuite } from '../testing/lead-flow.suite.js';

vi.setConfig({ testTimeout: 60_000 });

leadFlowSuite('PGlite', () => openTestPersistence());
