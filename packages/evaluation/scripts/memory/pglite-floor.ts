/**
 * The memory floor of the embedded database: PGlite with pgvector alone in a bare Node process,
 * opened on a data folder (created first, then reopened as a restarted server does), with PGlite's
 * default settings or with the settings Chat Buddy starts it with (`pgliteSettings`). The folder
 * is created by a first child process, so the measured process holds one database only.
 *
 *   pnpm exec tsx packages/evaluation/scripts/memory/pglite-floor.ts [--defaults] [name=value …]
 *
 * Prints one JSON line: resident set size, heap and external memory in MiB after a GC.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
// The settings module itself, not the package: the package would load Kysely, pg and the rest.
import { pgliteSettings, pgliteStartParams } from '../../../adapters-postgres/src/dialect/pglite-settings.js';

const mib = (bytes: number) => Math.round(bytes / 1048576);
const args = process.argv.slice(2).filter((argument) => argument !== '--');
const extra = Object.fromEntries(
  args.filter((argument) => argument.includes('=')).map((item) => item.split('=')),
);
const settings = args.includes('--defaults') ? extra : { ...pgliteSettings, ...extra };
const startParams = pgliteStartParams(settings);
const create = process.env.PGLITE_FLOOR_CREATE;
if (create) {
  const created = await PGlite.create(create, { extensions: { vector }, startParams });
  await created.exec('create extension if not exists vector');
  await created.close();
  process.exit(0);
}
const dataDir = mkdtempSync(join(tmpdir(), 'pglite-floor-'));
try {
  execFileSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, PGLITE_FLOOR_CREATE: dataDir },
  });
  const client = await PGlite.create(dataDir, { extensions: { vector }, startParams });
  const shown = await client.query<{ name: string; setting: string }>(
    "select name, current_setting(name) as setting from pg_settings where name in ('shared_buffers', 'wal_buffers', 'work_mem', 'maintenance_work_mem', 'temp_buffers')",
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const usage = process.memoryUsage();
  console.log(
    JSON.stringify({
      settings: Object.fromEntries(shown.rows.map((row) => [row.name, row.setting])),
      rssMiB: mib(usage.rss),
      heapUsedMiB: mib(usage.heapUsed),
      externalMiB: mib(usage.external),
      gc: Boolean(gc),
    }),
  );
  await client.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
