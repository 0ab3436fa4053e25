import type { ServerResponse } from 'node:http';
import { fakeAnswer, fakeVector, promptTokensOf, tokensOf } from './fake-content.js';
import { FakeProviderServer, type RecordedRequest, sendJson } from './fake-provider-server.js';

const embeddingSizes: Record<string, number> = { 'nomic-embed-text': 768, 'all-minilm': 384 };

/**
 * Ollama's native API as recorded: `/api/chat` (one JSON object, or NDJSON lines ending with a
 * `done` line carrying the counts), `/api/embed`, `/api/version`. Ollama streams unless told not to.
 */
export function startFakeOllamaServer(): Promise<FakeProviderServer> {
  return FakeProviderServer.start([
    { method: 'POST', path: /^\/api\/chat$/, handle: chat },
    { method: 'POST', path: /^\/api\/embed$/, handle: embed },
    {
      method: 'GET',
      path: /^\/api\/version$/,
      handle: (_request, response) => sendJson(response, 200, { version: '0.13.0' }),
    },
  ]);
}

async function chat(request: RecordedRequest, response: ServerResponse, fake: FakeProviderServer) {
  const body = request.body as { model: string; messages: Array<{ content: string }>; stream?: boolean };
  const text = fakeAnswer(body.messages);
  const pieces = tokensOf(text);
  const createdAt = '2026-11-25T00:00:00.000000Z';
  const counts = {
    total_duration: 1_200_000,
    load_duration: 100_000,
    prompt_eval_count: promptTokensOf(body.messages),
    prompt_eval_duration: 300_000,
    eval_count: pieces.length,
    eval_duration: 800_000,
  };
  const line = (content: string, done: boolean) => ({
    model: body.model,
    created_at: createdAt,
    message: { role: 'assistant', content },
    done,
    ...(done ? { done_reason: 'stop', ...counts } : {}),
  });
  if (body.stream === false) return sendJson(response, 200, line(text, true));
  const lines = [...pieces.map((piece) => line(piece, false)), line('', true)];
  await fake.writeChunks(
    response,
    'application/x-ndjson',
    lines.map((value) => `${JSON.stringify(value)}\n`),
  );
}

function embed(request: RecordedRequest, response: ServerResponse, fake: FakeProviderServer) {
  const body = request.body as { model: string; input: string | string[] };
  const size = fake.forcedVectorSize ?? embeddingSizes[body.model.replace(/:latest$/, '')];
  if (!size)
    return sendJson(response, 404, { error: `model "${body.model}" not found, try pulling it first` });
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  sendJson(response, 200, {
    model: body.model,
    embeddings: inputs.map((input) => fakeVector(input, size)),
    total_duration: 50_000,
    load_duration: 10_000,
    prompt_eval_count: inputs.reduce((sum, input) => sum + tokensOf(input).length, 0),
  });
}
