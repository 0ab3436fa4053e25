// The one-line summary of a vitest JSON report. A test file that fails to load or run has no
// failed test in it, yet it failed: each such file counts as one failed test.

/**
 * @param {{numPassedTests: number, numFailedTests: number, numPendingTests: number,
 *   numTodoTests: number, numTotalTests: number, numFailedTestSuites?: number,
 *   testResults?: Array<{name: string, status: string, message?: string,
 *   assertionResults?: Array<{status: string}>}>}} report
 */
export function summariseReport(report) {
  const results = report.testResults ?? [];
  const broken = results.filter(
    (file) =>
      file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  const filesWithFailedTests =
    results.length - broken.length - results.filter((file) => file.status !== 'failed').length;
  // Without per-file results, trust the count of failed files.
  const brokenFiles =
    results.length > 0
      ? broken.length
      : Math.max(0, (report.numFailedTestSuites ?? 0) - filesWithFailedTests);
  const failed = report.numFailedTests + brokenFiles;
  const skipped = report.numPendingTests + report.numTodoTests;
  const lines = [`Tests: ${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`];
  if (brokenFiles > 0) {
    lines.push(`${brokenFiles} test file(s) failed to run:`);
    for (const file of broken) lines.push(`  ${file.name}: ${(file.message ?? '').split('\n')[0]}`);
  }
  return { failed, ran: report.numTotalTests + brokenFiles, text: lines.join('\n') };
}
