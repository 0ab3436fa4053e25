import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PrivateRedis } from '@chatbuddy/adapters-redis/testing';
import { createTestDatabase, type TestDatabase } from '@chatbuddy/runtime/testing';
import { afterAll, describe, expect, it } from 'vitest';

const { DB_URL: dbUrl, REDIS_URL: redisUrl, CHROMA_URL: chromaUrl } = process.env;
const script = join(import.meta.dirname, '__fixtures__', 'serve-from-env.ts');
const redis = new PrivateRedis(6382);
const children: ChildProcess[] = [];
let database: TestDatabase | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await redis.stop();
  await database?.drop();
});

/** A server process in server mode (PostgreSQL, Chroma, Redis); resolves once it listens. */
function startInstance(env: Record<string, string>): Promise<{ url: string; key: string }> {
  const child = spawn(process.execPath, ['--conditions=@chatbuddy/source', '--import', 'tsx', script], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: '0',
      DB_URL: database!.url,
      CHROMA_URL: chromaUrl!,
      REDIS_URL: redis.url,
      AUTO_MIGRATE: 'true',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_PER_IP_PER_MINUTE: '0',
      RATE_LIMIT_PER_KEY_PER_MINUTE: '6',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /READY (\S+) ?(\S*)/.exec(out);
      if (match) resolve({ url: match[1]!, key: match[2]! });
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}:\n${err}`)));
  });
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Two real server processes on different ports; starting them takes long on a loaded machine.
describe.skipIf(!dbUrl || !redisUrl || !chromaUrl)(
  'rate limits shared by two instances through Redis',
  () => {
    it('counts one key across both instances, falls back per instance while Redis is down, and shares again', async () => {
      database = await createTestDatabase(dbUrl!);
      await redis.start();
      // Both start (and migrate) at once: the migration lock lets one apply the migrations.
      const [first, second] = await Promise.all([startInstance({ CREATE_PROJECT: '1' }), startInstance({})]);
      expect(first.url).not.toBe(second.url);
      const get = (instance: { url: string }, path = '/documents') =>
        fetch(`${instance.url}${path}`, { headers: { 'x-api-key': first.key } });

      const statuses: number[] = [];
      for (let request = 0; request < 8; request++)
        statuses.push((await get(request % 2 === 0 ? first : second)).status);
      // Six in all, not six per instance.
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
      const refused = await get(second);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()).error.code).toBe('rate_limited');
      const healthy = await (await fetch(`${first.url}/ready`)).json();
      expect(healthy).toMatchObject({ ready: true, degraded: false });

      await redis.stop();
      // Per-instance limits now: each instance counts its own six, and still refuses the seventh.
      const during: number[] = [];
      for (let request = 0; request < 7; request++) during.push((await get(first)).status);
      expect(during).toEqual([200, 200, 200, 200, 200, 200, 429]);
      const degraded = await fetch(`${first.url}/ready`);
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toMatchObject({
        ready: true,
        degraded: true,
        checks: expect.arrayContaining([
          expect.objectContaining({ name: 'rate-limit-store', ok: false, essential: false }),
        ]),
      });

      await redis.start();
      await waitFor(
        async () => (await (await fetch(`${second.url}/ready`)).json()).degraded === false,
        'the instance to see Redis again',
      );
      // The restarted Redis is empty: the shared count starts over, for both instances together.
      const after: number[] = [];
      for (let request = 0; request < 7; request++)
        after.push((await get(request % 2 === 0 ? second : first)).status);
      expect(after).toEqual([200, 200, 200, 200, 200, 200, 429]);
    }, 600_000);
  },
);
