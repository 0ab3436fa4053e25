import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUser, createUserInput, parseInput, type PublicUser } from '@chatbuddy/core';
import { type ChatBuddy, createChatBuddy } from '@chatbuddy/runtime';
import type { CommandIo } from '../io.js';
import { ingestEmbeddingWorkers } from '../commands/ingest.js';
import { runCli } from '../program.js';

/** Output of one CLI run. */
export interface CliRun {
  status: number;
  out: string;
  err: string;
}

/**
 * One embedded runtime (real PGlite in a temporary folder) shared by every command of a test
 * file: commands "close" it, but only `dispose` really does.
 */
export async function openTestRuntime(prefix: string) {
  const dataDir = await mkdtemp(join(tmpdir(), `chatbuddy-cli-${prefix}-`));
  // Embedding workers as `chatbuddy ingest` has them (started only when a document is embedded).
  const runtime = await createChatBuddy({
    dataDir,
    nodeEnv: 'test',
    logLevel: 'silent',
    embeddingWorkers: ingestEmbeddingWorkers,
  });
  const shared: ChatBuddy = { ...runtime, close: async () => {} };
  const run = async (
    argv: string[],
    extra: Partial<CommandIo> & Record<string, unknown> = {},
  ): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (text: string) => out.push(text),
      stderr: (text: string) => err.push(text),
      ...extra,
    };
    const status = await runCli(argv, { openRuntime: async () => shared, io });
    return { status, out: out.join(''), err: err.join('') };
  };
  const createUser = (email: string, role: 'admin' | 'user' = 'admin'): Promise<PublicUser> =>
    runtime
      .get(CreateUser)
      .execute(parseInput(createUserInput, { email, password: 'violet-otter-4-lamp', role }));
  const dispose = async () => {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { runtime, run, createUser, dataDir, dispose };
}
