// Runs the whole test suite with vitest and ends with one plain summary line
// ("Tests: N passed, N failed, N skipped") that any CI log reader understands.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'chatbuddy-test-'));
const report = join(dir, 'vitest.json');
const result = spawnSync(
  'vitest',
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', shell: process.platform === 'win32' },
);
let status = result.status ?? 1;
try {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(
    `\nTests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`,
  );
  if (summary.numTotalTests === 0) {
    console.error('No test ran.');
    status = 1;
  }
} catch {
  console.error('No test report was written.');
  status = status || 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
