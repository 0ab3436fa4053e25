/**
 * `pnpm bench [-- options]`: ingestion throughput, `/chat` latency and throughput as the corpus
 * grows, and a bare Koa ceiling — every server in its own child process, always stopped, temp data
 * under os.tmpdir(). Writes docs/benchmarks.md (text after the analysis marker is kept) and, with
 * --json, prints the results as JSON. `pnpm bench -- --help` lists the options.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join, resolve } from 'node:path';
import { benchBareKoa, benchChat } from './bench/chat-phase.js';
import { cleanupAll, repositoryRoot, runCommand } from './bench/children.js';
import { benchQuestions } from './bench/corpus.js';
import { benchIngestion, type IngestionProfileResult } from './bench/ingestion.js';
import { parseBenchOptions } from './bench/options.js';
import { type BenchResults, renderReport } from './bench/report.js';

const analysisMarker = '<!-- analysis: text below this line is kept when the benchmark rewrites the file -->';
const argv = process.argv.slice(2);
const options = parseBenchOptions(argv);
const analysisKept = (path: string) => {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return previous.includes(analysisMarker)
    ? previous.slice(previous.indexOf(analysisMarker))
    : `${analysisMarker}\n`;
};

// --from-json FILE: render the Markdown again from a saved result (no measurement).
if (options.fromJson) {
  const saved = JSON.parse(readFileSync(options.fromJson, 'utf8')) as BenchResults;
  const path = resolve(repositoryRoot, options.output ?? 'docs/benchmarks.md');
  writeFileSync(path, `${renderReport(saved)}\n${analysisKept(path)}`);
  process.exit(0);
}
const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

const gitCommit = () => {
  try {
    return runCommand('git', ['rev-parse', '--short', 'HEAD']).trim();
  } catch {
    return 'unknown';
  }
};

const results: BenchResults & { ingestionProfiles: IngestionProfileResult[] } = {
  startedAt: new Date().toISOString(),
  finishedAt: '',
  command: `pnpm bench${argv.length > 0 ? ` -- ${argv.filter((argument) => argument !== '--').join(' ')}` : ''}`,
  commit: gitCommit(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.versions.node,
  },
  loadAverageAtStart: loadavg(),
  options,
  ingestion: [],
  ingestionProfiles: [],
  chat: null,
  bare: null,
  notes: [],
};

async function main(): Promise<void> {
  log(
    `load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  if (options.phases.includes('chat')) {
    try {
      results.chat = await benchChat(options, log);
    } catch (error) {
      const message = `chat benchmark failed: ${(error as Error).message.split('\n')[0]}`;
      log(message);
      results.notes.push(message);
    }
  }
  if (options.phases.includes('bare')) {
    log('bare Koa ceiling');
    const canned =
      results.chat?.cannedBody ??
      JSON.stringify({ reply: 'x'.repeat(600), sources: [], answered: true, confidence: 0.9 });
    results.bare = await benchBareKoa(
      options,
      benchQuestions().map((question) => question.text),
      canned,
    );
  }
  if (options.phases.includes('ingest')) {
    for (const mode of options.modes) {
      try {
        const { results: rows, profile } = await benchIngestion(mode, options, log);
        results.ingestion.push(...rows);
        if (profile) results.ingestionProfiles.push(profile);
      } catch (error) {
        const message = `ingestion on ${mode} failed: ${(error as Error).message.split('\n')[0]}`;
        log(message);
        results.notes.push(message);
      }
      await cleanupAll(); // the server mode's database and Chroma server go as soon as they are done
    }
  }
  results.finishedAt = new Date().toISOString();
  const { cannedBody: _cannedBody, ...chat } = results.chat ?? { cannedBody: '' };
  const json = JSON.stringify({ ...results, chat: results.chat ? chat : null }, null, 2);
  const copy = join(tmpdir(), `chatbuddy-bench-${results.startedAt.replaceAll(':', '-')}.json`);
  writeFileSync(copy, json);
  log(`results also in ${copy}`);
  if (options.output) {
    const path = resolve(repositoryRoot, options.output);
    writeFileSync(path, `${renderReport(results)}\n${analysisKept(path)}`);
    log(`wrote ${options.output}`);
  }
  if (options.json) console.log(json);
}

try {
  await main();
} catch (error) {
  log(`failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
// Autocannon or a socket may keep the loop alive; every child is gone by now.
process.exit(process.exitCode ?? 0);
