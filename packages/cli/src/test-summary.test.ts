import { describe, expect, it } from 'vitest';
import { summariseReport, type VitestReport } from '../../../scripts/test-summary.mjs';

const counts = {
  numPassedTests: 5,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 1,
  numTotalTests: 7,
};

describe('the test summary of scripts/test.mjs', () => {
  it('counts a test file that failed to load as a failed test and names it', () => {
    const report: VitestReport = {
      ...counts,
      numFailedTestSuites: 1,
      testResults: [
        { name: '/repo/a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
        {
          name: '/repo/broken.test.ts',
          status: 'failed',
          message: 'Failed to load url ./missing.js\n    at somewhere',
          assertionResults: [],
        },
      ],
    };
    const summary = summariseReport(report);
    expect(summary.failed).toBe(1);
    expect(summary.text).toBe(
      'Tests: 5 passed, 1 failed, 2 skipped\n1 test file(s) failed to run:\n  /repo/broken.test.ts: Failed to load url ./missing.js',
    );
  });

  it('does not count a file twice when its tests failed, and reports a clean run as 0 failed', () => {
    const failing: VitestReport = {
      ...counts,
      numFailedTests: 2,
      numFailedTestSuites: 1,
      testResults: [
        {
          name: 'b.test.ts',
          status: 'failed',
          assertionResults: [{ status: 'failed' }, { status: 'failed' }],
        },
      ],
    };
    expect(summariseReport(failing)).toMatchObject({
      failed: 2,
      text: 'Tests: 5 passed, 2 failed, 2 skipped',
    });
    expect(summariseReport({ ...counts, testResults: [] }).failed).toBe(0);
  });

  it('falls back to the count of failed files when the report lists none', () => {
    expect(summariseReport({ ...counts, numTotalTests: 0, numFailedTestSuites: 2 })).toMatchObject({
      failed: 2,
      ran: 2,
    });
  });
});
