import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL cluster of its own (initdb on a temporary folder), to stop and restart at will. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  /** Stops the server: `fast` ends sessions cleanly (57P01), `immediate` as a crash would. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

/** The folder of `initdb` and `pg_ctl`: `PG_BIN_DIR`, else PostgreSQL 15's Debian folder. */
export function postgresBinDir(env: Record<string, string | undefined> = process.env): string {
  const candidates = [env.PG_BIN_DIR, '/usr/lib/postgresql/15/bin', '/usr/local/pgsql/bin'];
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('initdb not found: set PG_BIN_DIR to the folder of initdb and pg_ctl');
  return found;
}

/**
 * initdb refuses to run as root (CI runs as root): then the cluster belongs to the `postgres`
 * system user and its commands run through `runuser`; anyone else runs them directly.
 */
function asClusterOwner(): {
  wrap: (command: string, args: string[]) => [string, string[]];
  uid?: number;
  gid?: number;
} {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args] };
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { wrap: (command, args) => ['runuser', ['-u', 'postgres', '--', command, ...args]], uid, gid };
}

/** Creates and starts a cluster on `port` (trust authentication, user `postgres`). */
export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const owner = asClusterOwner();
  const folder = await mkdtemp(join(tmpdir(), 'chatbuddy-pg-'));
  if (owner.uid !== undefined) await chown(folder, owner.uid, owner.gid as number);
  const data = join(folder, 'data');
  const exec = async (command: string, args: string[]) => {
    const [file, argv] = owner.wrap(join(bin, command), args);
    await run(file, argv, { timeout: 120_000 });
  };
  await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = () => exec('pg_ctl', ['-D', data, '-o', options, '-l', join(folder, 'log'), '-w', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') =>
    exec('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: async () => {
      await stop('immediate').catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
