// Runs the whole test suite with vitest and ends with one plain summary line
// ("Tests: N passed, N failed, N skipped") that any CI log reader understands. A test file that
// fails to load counts as a failed test, and any failure makes the exit status non-zero.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseReport } from './test-summary.mjs';

const dir = mkdtempSync(join(tmpdir(), 'chatbuddy-test-'));
const report = join(dir, 'vitest.json');
const result = spawnSync(
  'vitest',
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', shell: process.platform === 'win32' },
);
let status = result.status ?? 1;
try {
  const summary = summariseReport(JSON.parse(readFileSync(report, 'utf8')));
  console.log(`\n${summary.text}`);
  if (summary.failed > 0) status ||= 1;
  if (summary.ran === 0) {
    console.error('No test ran.');
    status = 1;
  }
} catch {
  console.error('No test report was written.');
  status ||= 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
