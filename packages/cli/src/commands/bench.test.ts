import { benchArguments, benchEntry } from '@chatbuddy/evaluation';
import { describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

function recordingRunner(status: number) {
  const calls: string[][] = [];
  const runBench = async (args: readonly string[]) => {
    calls.push([...args]);
    return status;
  };
  return { calls, runBench };
}

const io = { stdout: () => {}, stderr: () => {} };

describe('chatbuddy bench', () => {
  it('passes every option to the benchmark unchanged, --help included', async () => {
    const runner = recordingRunner(0);
    const argv = ['bench', '--phases', 'chat', '--chunks', '1000', '--quick', '--json'];
    expect(await runCli(argv, { io, runBench: runner.runBench })).toBe(0);
    expect(await runCli(['bench', '--help'], { io, runBench: runner.runBench })).toBe(0);
    expect(runner.calls).toEqual([['--phases', 'chat', '--chunks', '1000', '--quick', '--json'], ['--help']]);
  });

  it("ends with the benchmark's exit status", async () => {
    const runner = recordingRunner(2);
    expect(await runCli(['bench', '--sizes', 'x'], { io, runBench: runner.runBench })).toBe(2);
  });

  it('runs the same entry as pnpm bench', () => {
    expect(benchEntry.replaceAll('\\', '/')).toMatch(/packages\/evaluation\/scripts\/bench\.ts$/);
    expect(benchArguments(['--quick'])).toEqual([
      '--conditions=@chatbuddy/source',
      '--import',
      'tsx',
      benchEntry,
      '--quick',
    ]);
  });
});
