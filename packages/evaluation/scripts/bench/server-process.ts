/**
 * Child process of `pnpm bench`: starts the real Chat Buddy HTTP server (the same `createChatBuddy`
 * and `startServer` that `chatbuddy serve` runs) with the configuration in `BENCH_SERVER_CONFIG`,
 * creates the benchmark user, and reports `{type: 'ready', port, pid}` over IPC. It answers
 * `{type: 'warm'}` by loading the search data into memory (as `chatbuddy serve` does at start) and
 * `{type: 'profile'}` messages with per-stage timings of one chat request, and exits when the
 * parent disconnects (so a crashed benchmark never leaves a server behind).
 */
import {
  AskQuestion,
  Clock,
  ContentHasher,
  CreateUser,
  DocumentRepository,
  IdGenerator,
  LexicalIndex,
  Logger,
  ModelGateway,
  ProjectRepository,
  Retriever,
  TokenCounter,
  UnitOfWork,
  VectorStore,
} from '@chatbuddy/core';
import { startServer } from '@chatbuddy/http-koa';
import { type ChatBuddyConfigInput, createChatBuddy } from '@chatbuddy/runtime';
import { corpusDocuments } from './corpus.js';
import { profileIngestion } from './ingest-profile.js';
import { benchUser } from './protocol.js';
import { profileChat } from './stage-profile.js';

const config = JSON.parse(process.env.BENCH_SERVER_CONFIG ?? '{}') as ChatBuddyConfigInput;
// The load generator is one client with one key from one address: rate limits (per client, key,
// address and visitor session) would only measure themselves.
const runtime = await createChatBuddy({
  port: 0,
  host: '127.0.0.1',
  rateLimitPerMinute: 0,
  rateLimitPerKeyPerMinute: 0,
  rateLimitPerIpPerMinute: 0,
  rateLimitPerSessionPerMinute: 0,
  ...config,
});
const running = await startServer(runtime);

try {
  await runtime.get(CreateUser).execute({ ...benchUser, role: 'user' });
} catch (error) {
  // A restarted server keeps its data folder: the user is already there.
  if ((error as { code?: string }).code !== 'email_already_exists') throw error;
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  const deadline = setTimeout(() => process.exit(1), 15_000);
  running.stop().then(
    () => {
      clearTimeout(deadline);
      process.exit(0);
    },
    () => process.exit(1),
  );
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

type ChildRequest = {
  type: string;
  projectId: string;
  questions: string[];
  rounds: number;
  megabytes: number;
};

/** The upload pipeline timed stage by stage on this server's adapters (see ingest-profile.ts). */
function ingestProfile(message: ChildRequest) {
  const get = <T>(port: symbol) => runtime.get<T>(port);
  const ports = {
    unitOfWork: get<UnitOfWork>(UnitOfWork),
    documents: get<DocumentRepository>(DocumentRepository),
    projects: get<ProjectRepository>(ProjectRepository),
    vectors: get<VectorStore>(VectorStore),
    models: get<ModelGateway>(ModelGateway),
    tokenCounter: get<TokenCounter>(TokenCounter),
    ids: get<IdGenerator>(IdGenerator),
    clock: get<Clock>(Clock),
    logger: get<Logger>(Logger),
    contentHasher: get<ContentHasher>(ContentHasher),
  };
  profileIngestion(ports, message.projectId, corpusDocuments(message.megabytes * 1024 * 1024)).then(
    (profile) => process.send?.({ type: 'ingest-profile', profile }),
    (error: Error) => process.send?.({ type: 'ingest-profile', error: error.message }),
  );
}

process.on('message', (message: ChildRequest) => {
  if (message.type === 'stop') stop();
  if (message.type === 'ingest-profile') return ingestProfile(message);
  if (message.type === 'memory') {
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send?.({ type: 'memory', rss, heapUsed, external, arrayBuffers });
    return;
  }
  if (message.type === 'warm') {
    const started = performance.now();
    runtime.warmUp().then(
      (loaded) => {
        const seconds = (performance.now() - started) / 1000;
        // As `chatbuddy serve` does once the search data is loaded.
        runtime.manageHeap();
        process.send?.({ type: 'warm', ...loaded, seconds });
      },
      (error: Error) => process.send?.({ type: 'warm', error: error.message }),
    );
    return;
  }
  if (message.type !== 'profile') return;
  Promise.resolve()
    .then(() =>
      profileChat(
        {
          embedder: runtime.get<ModelGateway>(ModelGateway).embedder('local'),
          vectorStore: runtime.get(VectorStore),
          lexicalIndex: runtime.get(LexicalIndex),
          documents: runtime.get(DocumentRepository),
          retriever: runtime.get(Retriever),
          ask: async (projectId, question) => {
            const project = await runtime.get<ProjectRepository>(ProjectRepository).findById(projectId);
            return runtime.get(AskQuestion).execute(project!, { message: question });
          },
        },
        message,
      ),
    )
    .then(
      (profile) => process.send?.({ type: 'profile', profile }),
      (error: Error) => process.send?.({ type: 'profile', error: error.message }),
    );
});

process.send?.({ type: 'ready', port: running.port, pid: process.pid });
