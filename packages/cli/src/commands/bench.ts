import { runBench } from '@chatbuddy/evaluation';
import type { Command } from 'commander';
import { ExitStatus } from '../exit-status.js';

/** Runs the benchmark with the given arguments; resolves to its exit status. */
export type BenchRunner = (args: readonly string[]) => Promise<number>;

/**
 * `chatbuddy bench [options…]`: the benchmark behind `pnpm bench` (ingestion, `/chat` latency, a
 * bare Koa ceiling), run from a checkout of the repository. Every option goes to the benchmark
 * as given; `chatbuddy bench --help` prints its own list.
 */
export function registerBenchCommand(program: Command, run: BenchRunner = runBench): void {
  program
    .command('bench')
    .description('Benchmark ingestion, /chat latency and a bare Koa ceiling (writes docs/benchmarks.md)')
    .argument('[options...]', 'benchmark options (chatbuddy bench --help lists them)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (args: string[]) => {
      const status = await run(args);
      if (status !== 0) throw new ExitStatus(status);
    });
}
