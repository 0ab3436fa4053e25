import type { ServerResponse } from 'node:http';
import { fakeAnswer, fakeVector, promptTokensOf, tokensOf } from './fake-content.js';
import { FakeProviderServer, type RecordedRequest, sendJson } from './fake-provider-server.js';

interface GeminiContent {
  role?: string;
  parts?: Array<{ text?: string }>;
}

const textOf = (content: GeminiContent | undefined): string =>
  (content?.parts ?? []).map((part) => part.text ?? '').join('');

/**
 * The Gemini API (v1beta) as recorded: `generateContent`, `streamGenerateContent?alt=sse` with
 * `\r\n\r\n`-separated `data:` events and cumulative usage, `batchEmbedContents`, `models/{id}`.
 * A wrong key is an HTTP 400 with reason `API_KEY_INVALID`, as the real API answers.
 */
export function startFakeGeminiServer(options: { apiKey: string }): Promise<FakeProviderServer> {
  return FakeProviderServer.start(
    [
      { method: 'POST', path: /^\/v1beta\/models\/[^/:]+:generateContent$/, handle: generate },
      { method: 'POST', path: /^\/v1beta\/models\/[^/:]+:streamGenerateContent$/, handle: generate },
      { method: 'POST', path: /^\/v1beta\/models\/[^/:]+:batchEmbedContents$/, handle: embed },
      {
        method: 'GET',
        path: /^\/v1beta\/models\/[^/:]+$/,
        handle: (request, response) =>
          sendJson(response, 200, { name: request.path.slice('/v1beta/'.length), version: '001' }),
      },
    ],
    (request) => {
      const received = String(request.headers['x-goog-api-key'] ?? '');
      if (received === options.apiKey) return null;
      const error = {
        code: 400,
        message: `API key not valid. Please pass a valid API key. (${received})`,
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
      };
      return { status: 400, body: { error } };
    },
  );
}

const modelOf = (request: RecordedRequest) => /models\/([^/:]+)/.exec(request.path)?.[1] ?? 'unknown';

async function generate(request: RecordedRequest, response: ServerResponse, fake: FakeProviderServer) {
  const body = request.body as { contents: GeminiContent[]; systemInstruction?: GeminiContent };
  const turns = body.contents.map((content) => ({ content: textOf(content) }));
  const text = fakeAnswer(turns);
  const promptTokenCount = promptTokensOf(turns) + tokensOf(textOf(body.systemInstruction)).length;
  const pieces = tokensOf(text);
  const usage = (emitted: number) => ({
    promptTokenCount,
    candidatesTokenCount: emitted,
    totalTokenCount: promptTokenCount + emitted,
  });
  const reply = (piece: string, emitted: number, last: boolean) => ({
    candidates: [
      {
        content: { role: 'model', parts: [{ text: piece }] },
        index: 0,
        ...(last ? { finishReason: 'STOP' } : {}),
      },
    ],
    usageMetadata: usage(emitted),
    modelVersion: modelOf(request),
    responseId: 'fake-response',
  });
  if (!request.path.endsWith(':streamGenerateContent')) {
    return sendJson(response, 200, reply(text, pieces.length, true));
  }
  const events = pieces.map(
    (piece, index) => `data: ${JSON.stringify(reply(piece, index + 1, index === pieces.length - 1))}\r\n\r\n`,
  );
  await fake.writeChunks(response, 'text/event-stream', events);
}

function embed(request: RecordedRequest, response: ServerResponse, fake: FakeProviderServer) {
  const body = request.body as {
    requests: Array<{
      model: string;
      content: GeminiContent;
      taskType?: string;
      outputDimensionality?: number;
    }>;
  };
  if (body.requests.some((item) => textOf(item.content) === '')) {
    const error = {
      code: 400,
      message: '* BatchEmbedContentsRequest.requests[0].content: empty',
      status: 'INVALID_ARGUMENT',
    };
    return sendJson(response, 400, { error });
  }
  const embeddings = body.requests.map((item) => ({
    // Reduced sizes come back unnormalised from the real API, so scale them here as well.
    values: fakeVector(textOf(item.content), fake.forcedVectorSize ?? item.outputDimensionality ?? 3072).map(
      (value) => value * 3,
    ),
  }));
  sendJson(response, 200, { embeddings });
}
