import { leadFlowSuite } from '../testing/lead-flow.suite.js';

leadFlowSuite('in-memory fakes');
