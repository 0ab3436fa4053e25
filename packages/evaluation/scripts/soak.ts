// `pnpm soak`: two `chatbuddy serve` processes on a throwaway PostgreSQL database (and Chroma and
// Redis when set) under a bounded mixed load from this process; prints the figures and writes
// them to docs/soak.md. Options: --seconds N (default 600), --concurrency N (6), --projects N (3),
// --no-write. Servers from DB_URL (required), CHROMA_URL, REDIS_URL.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSoak, soakMarkdown } from '../src/soak/index.js';

const { values } = parseArgs({
  // `pnpm soak -- --seconds 60` passes the `--` through.
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    seconds: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '6' },
    projects: { type: 'string', default: '3' },
    'max-slope': { type: 'string', default: '4' },
    'no-write': { type: 'boolean', default: false },
  },
});
const postgresUrl = process.env.DB_URL;
if (!postgresUrl) {
  console.error('Set DB_URL to a PostgreSQL server (the soak creates and drops its own database).');
  process.exit(2);
}
const report = await runSoak({
  durationSeconds: Number(values.seconds),
  concurrency: Number(values.concurrency),
  projects: Number(values.projects),
  postgresUrl,
  ...(process.env.CHROMA_URL && { chromaUrl: process.env.CHROMA_URL }),
  ...(process.env.REDIS_URL && { redisUrl: process.env.REDIS_URL }),
  sampleEverySeconds: 5,
  log: (line) => console.error(line),
});
const maxSlope = Number(values['max-slope']);
const markdown = soakMarkdown(report, {
  command: `pnpm soak -- --seconds ${values.seconds} --concurrency ${values.concurrency} --projects ${values.projects}`,
  maxSlope,
  servers: { chroma: Boolean(process.env.CHROMA_URL), redis: Boolean(process.env.REDIS_URL) },
});
console.log(markdown);
if (!values['no-write']) writeFileSync(join(import.meta.dirname, '../../../docs/soak.md'), markdown);
const flat = Object.values(report.rss).every((trend) => trend.lateSlopeMiBPerMinute < maxSlope);
const passed =
  report.serverErrors.length === 0 && report.crashed.length === 0 && report.staleKeys.length === 0;
process.exit(passed && flat && report.reconciliation.ok ? 0 : 1);
