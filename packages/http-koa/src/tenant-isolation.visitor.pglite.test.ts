import { openTestPersistence } from '@chatbuddy/runtime/testing';
import { visitorIsolationSuite } from './testing/visitor-isolation.suite.js';

visitorIsolationSuite('PGlite', { openPersistence: () => openTestPersistence(), numRuns: 12 });
