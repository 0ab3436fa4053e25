/**
 * Restart of the embedded server on a kept data folder: `--grow N` fills it to N chunks through
 * HTTP once (the project is kept in `bench-project.json`); then each of `--runs` restarts is timed
 * to listening and until the search data is in memory.
 *
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/memory/restart-folder.ts \
 *     --data-dir /path [--grow 100000] [--runs 3]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createChatBuddy } from '@chatbuddy/runtime';
import { startNodeChild } from '../bench/children.js';
import { corpusDocuments } from '../bench/corpus.js';
import { createBenchProject, uploadDocuments } from '../bench/http.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    'data-dir': { type: 'string' },
    grow: { type: 'string', default: '0' },
    runs: { type: 'string', default: '3' },
  },
});
const dataDir = values['data-dir']!;
const config = JSON.stringify({ dataDir, logLevel: 'warn' });
const projectFile = join(dataDir, 'bench-project.json');
const log = (line: string) => process.stderr.write(`${line}\n`);

if (Number(values.grow) > 0 && !existsSync(projectFile)) {
  const server = await startNodeChild('server-process.ts', { BENCH_SERVER_CONFIG: config });
  const project = await createBenchProject(server.url, 'restart');
  const grown = await uploadDocuments(server.url, project, corpusDocuments(Number.POSITIVE_INFINITY), {
    concurrency: 1,
    deadline: Date.now() + 3_600_000,
    stop: (totals) => totals.chunks >= Number(values.grow),
  });
  log(`grown: ${JSON.stringify(grown)}`);
  await server.request({ type: 'warm' }, 1_800_000);
  await server.stop();
  writeFileSync(projectFile, JSON.stringify(project));
}
const project = JSON.parse(readFileSync(projectFile, 'utf8')) as { id: string };
if (!existsSync(join(dataDir, 'pglite', 'search-mirror', `${project.id}.snapshot`))) {
  // In process, so the snapshot is written however long it takes (a bench child has 15 s to stop).
  const runtime = await createChatBuddy({ dataDir, logLevel: 'warn' });
  const started = performance.now();
  const loaded = await runtime.warmUp();
  log(
    `loaded from the database: ${JSON.stringify(loaded)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await runtime.maintain();
  await runtime.close();
}
for (let run = 0; run < Number(values.runs); run += 1) {
  const started = performance.now();
  const server = await startNodeChild('server-process.ts', { BENCH_SERVER_CONFIG: config });
  const listening = (performance.now() - started) / 1000;
  const warm = await server.request<{ seconds?: number; chunks?: number }>({ type: 'warm' }, 1_800_000);
  const ready = (performance.now() - started) / 1000;
  log(
    JSON.stringify({
      listening: +listening.toFixed(2),
      warm: warm.seconds,
      ready: +ready.toFixed(2),
      chunks: warm.chunks,
      load: loadavg(),
    }),
  );
  await server.stop();
}
process.exit(0);
