// A real `serve` process whose model streams slowly, for the shutdown test: it creates a project
// with one document, prints `READY <url> <key>` and serves until SIGTERM like `chatbuddy serve`.
import { type ChatCallOptions, type ChatRequest, type ChatStreamEvent, DomainError } from '@chatbuddy/core';
import { FakeChatModel, FakeModelGateway } from '@chatbuddy/core/testing';
import { createChatBuddy } from '@chatbuddy/runtime';
import { processShutdownSignal, serveUntilStopped } from '../commands/serving.js';
import { processIo } from '../io.js';

const tokenDelayMs = Number(process.env.SLOW_TOKEN_MS ?? 200);

class SlowChatModel extends FakeChatModel {
  override async *stream(request: ChatRequest, options: ChatCallOptions = {}): AsyncIterable<ChatStreamEvent> {
    for await (const event of super.stream(request, options)) {
      if (event.type === 'token') await new Promise((resolve) => setTimeout(resolve, tokenDelayMs));
      if (options.signal?.aborted) throw new DomainError('provider_error', 'The model call was cancelled');
      yield event;
    }
  }
}

const chat = new SlowChatModel();
// Thirty words: the reply guard holds the first few back, the rest stream one by one.
chat.reply = Array.from({ length: 30 }, (_, index) => `word${index + 1}`).join(' ');
const runtime = await createChatBuddy(
  {
    nodeEnv: 'test',
    host: '127.0.0.1',
    port: 0,
    dataDir: process.env.DATA_DIR ?? '.data',
    logLevel: 'warn',
    shutdownTimeoutSeconds: Number(process.env.SHUTDOWN_TIMEOUT_SECONDS ?? 10),
  },
  { resources: { models: new FakeModelGateway(chat) } },
);
const { project, apiKey } = await runtime.projects.create({ name: 'Shutdown' });
await runtime.documents.upload(project.id, { content: 'The office opens at nine in the morning.' });
await serveUntilStopped(runtime, processIo, processShutdownSignal, (url) =>
  process.stdout.write(`READY ${url} ${apiKey}\n`),
);
process.stdout.write('STOPPED\n');
