import { Presets, SingleBar } from 'cli-progress';
import { type CommandIo, processIo } from '../io.js';
import { describeFile, displayPath, type IngestedFile } from './ingest-files.js';

/** Progress on the terminal: a bar on a TTY, one line per file otherwise (none with --json). */
export function progressReporter(io: CommandIo, total: number, json: boolean) {
  // The bar needs a terminal on stderr only: `find … | xargs chatbuddy ingest` still gets one.
  if (io === processIo && process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: '{bar} {value}/{total} files | {file}', hideCursor: true, stream: process.stderr },
      Presets.shades_classic,
    );
    bar.start(total, 0, { file: '' });
    return {
      done: (file: IngestedFile) => bar.increment({ file: displayPath(file.path) }),
      stop: () => bar.stop(),
    };
  }
  let finished = 0;
  return {
    done: (file: IngestedFile) => {
      finished += 1;
      if (!json) io.stderr(`[${finished}/${total}] ${describeFile(file)}\n`);
    },
    stop: () => {},
  };
}

/**
 * Runs `work` on the items with at most `concurrency` at a time, results in input order. Once
 * `stopped()` is true no new item starts (those in flight finish); unstarted items are left out.
 */
export async function mapPool<Item, Result>(
  items: readonly Item[],
  concurrency: number,
  stopped: () => boolean,
  work: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Array<Result | undefined> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopped()) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results.filter((result): result is Result => result !== undefined);
}
