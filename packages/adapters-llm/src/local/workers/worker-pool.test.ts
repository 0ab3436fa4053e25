import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerFailure, WorkerPool } from './worker-pool.js';

const file = fileURLToPath(new URL('./__fixtures__/test.worker.mjs', import.meta.url));
const pools: WorkerPool[] = [];
const poolOf = (size: number, idleMs = 60_000) => {
  const pool = new WorkerPool({ file, size, idleMs });
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

type Echo = { echo: unknown; threadId: number };

describe('WorkerPool', () => {
  it('starts no worker before the first job, at most `size`, and stops them when idle', async () => {
    const pool = poolOf(2, 200);
    expect(pool.size).toBe(0);
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run<Echo>(n)));
    expect(answers.map((answer) => answer.echo)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(answers.map((answer) => answer.threadId)).size).toBeLessThanOrEqual(2);
    expect(pool.size).toBeGreaterThan(0);
    await expect.poll(() => pool.size, { timeout: 10_000 }).toBe(0);
    expect((await pool.run<Echo>('again')).echo).toBe('again');
  });

  it('rejects the job of a worker that dies, and replaces the worker', async () => {
    const pool = poolOf(1);
    const first = await pool.run<Echo>('before');
    const failure = await pool.run('die').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkerFailure);
    expect(failure).toMatchObject({ kind: 'crashed' });
    const after = await pool.run<Echo>('after');
    expect(after.echo).toBe('after');
    expect(after.threadId).not.toBe(first.threadId);
  });

  it('on close, terminates its workers and rejects jobs in flight, waiting and later', async () => {
    const pool = poolOf(1);
    const inFlight = pool.run('slow').catch((error: unknown) => error);
    const waiting = pool.run('queued').catch((error: unknown) => error);
    await expect.poll(() => pool.size).toBe(1);
    await pool.close();
    expect(pool.size).toBe(0);
    for (const outcome of [await inFlight, await waiting, await pool.run('late').catch((error) => error)]) {
      expect(outcome).toMatchObject({ kind: 'closed' });
    }
  });

  it('does not keep the process alive once its jobs are answered', () => {
    const script = join(mkdtempSync(join(tmpdir(), 'worker-pool-')), 'run-one.mts');
    writeFileSync(
      script,
      `
      import { WorkerPool } from ${JSON.stringify(fileURLToPath(new URL('./worker-pool.ts', import.meta.url)))};
      const pool = new WorkerPool({ file: ${JSON.stringify(file)}, size: 1, idleMs: 3_600_000 });
      console.log(JSON.stringify(await pool.run('done')));`,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.signal).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain('"echo":"done"');
  }, 60_000);
});
