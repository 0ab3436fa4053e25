// A real `serve` process whose model streams slowly, for the shutdown test: it creates a project
// with one document, prints `READY <url> <key>` and serves until SIGTERM like `chatbuddy serve`.
import { type ChatCallOptions, type ChatRequest, type ChatStreamEvent } from '@chatbuddy/core';
import { FakeChatModel, FakeModelGateway } from '@chatbuddy/core/testing';
import { createChatBuddy } from '@chatbuddy/runtime';
import { processShutdownSignal, serveUntilStopped } from '../commands/serving.js';
import { processIo } from '../io.js';

const tokenDelayMs = Number(process.env.SLOW_TOKEN_MS ?? 200);

class SlowChatModel extends FakeChatModel {
  override async *stream(request: ChatRequest, options: ChatCallOptions = {}): AsyncIterable<ChatStreamEvent> {
    for await (const event of super.stream(request, options)) {
      if (event.type === 'token') await new Promise((resolve) => setTimeout(resolve, tokenDelayMs));
      if (options.signal?.aborted) throw new Error('cancelled');
      yield event;
    }
  }
}

const chat = new SlowChatModel();
chat.reply = 'one two three four five six seven eight nine ten';
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
