export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
  numFailedTestSuites?: number;
  testResults?: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults?: Array<{ status: string }>;
  }>;
}
/** The summary line (and the files that failed to run); `failed` counts such files as failed tests. */
export declare function summariseReport(report: VitestReport): { failed: number; ran: number; text: string };
