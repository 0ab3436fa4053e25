import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUser, DeleteProject, ListProjects } from '@chatbuddy/core';
import { createTestDatabase, type TestDatabase } from '@chatbuddy/adapters-postgres/testing';
import { type ChatBuddy, createChatBuddy } from '../../chat-buddy.js';
import { createLogger } from '../../logger.js';
import { type RunningInstance, startInstance } from './instance-process.js';

/** Where the instances of a stack keep their state (server mode). */
export interface StackServers {
  /** A PostgreSQL server; the stack creates a throwaway database on it. */
  postgresUrl: string;
  chromaUrl?: string;
  redisUrl?: string;
}

/**
 * A throwaway server-mode deployment: a migrated database of its own, a set-up runtime in this
 * process (users, projects, reading state) and any number of `chatbuddy serve` processes on it.
 */
export interface ServerStack {
  readonly dbUrl: string;
  /** The environment every instance gets (plus the options' `env`). */
  readonly env: Record<string, string>;
  /** A runtime on the same database, in this process (no periodic repair passes). */
  readonly setup: ChatBuddy;
  /** An admin account every test may log in with. */
  readonly admin: { email: string; password: string; id: string };
  /** Starts one more instance; `env` overrides the stack's variables for this one. */
  startInstance(name: string, env?: Record<string, string>): Promise<RunningInstance>;
  readonly instances: readonly RunningInstance[];
  /** Kills the instances, deletes the projects (and their Chroma collections) and drops the database. */
  dispose(): Promise<void>;
}

export interface ServerStackOptions extends StackServers {
  /** Variables for every instance, e.g. `REPAIR_INTERVAL_SECONDS`, `INDEXING_LEASE_SECONDS`. */
  env?: Record<string, string>;
}

export async function createServerStack(options: ServerStackOptions): Promise<ServerStack> {
  const database: TestDatabase = await createTestDatabase(options.postgresUrl);
  const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-stack-'));
  const servers = {
    dbUrl: database.url,
    ...(options.chromaUrl && { chromaUrl: options.chromaUrl }),
    ...(options.redisUrl && { redisUrl: options.redisUrl }),
  };
  const setup = await createChatBuddy(
    { ...servers, dataDir, autoMigrate: true, repairIntervalSeconds: 0, nodeEnv: 'test', logLevel: 'silent' },
    { logger: createLogger({ logLevel: 'silent' }) },
  );
  const admin = { email: 'operator@example.com', password: 'a long enough passphrase' };
  const user = await setup.get(CreateUser).execute({ ...admin, role: 'admin' });
  const env: Record<string, string> = {
    DB_URL: database.url,
    CHROMA_URL: options.chromaUrl ?? '',
    REDIS_URL: options.redisUrl ?? '',
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  };
  const instances: RunningInstance[] = [];
  return {
    dbUrl: database.url,
    env,
    setup,
    admin: { ...admin, id: user.id },
    instances,
    startInstance: async (name, extra = {}) => {
      const instance = await startInstance({ name, env: { ...env, ...extra } });
      instances.push(instance);
      return instance;
    },
    dispose: async () => {
      await Promise.all(instances.map((instance) => instance.kill('SIGKILL')));
      try {
        const actor = { id: user.id, role: 'admin' as const };
        const listed = await setup.get(ListProjects).execute(actor, { limit: 100 });
        for (const project of listed.items)
          await setup
            .get(DeleteProject)
            .execute(actor, project.id)
            .catch(() => undefined);
      } finally {
        await setup.close();
        await database.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
