import { visitorIsolationSuite } from './testing/visitor-isolation.suite.js';

visitorIsolationSuite('in-memory fakes', { numRuns: 25 });
