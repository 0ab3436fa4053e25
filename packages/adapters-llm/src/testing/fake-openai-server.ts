import type { ServerResponse } from 'node:http';
import { fakeAnswer, fakeVector, promptTokensOf, tokensOf } from './fake-content.js';
import { FakeProviderServer, type RecordedRequest, sendJson } from './fake-provider-server.js';

export interface FakeOpenAiServerOptions {
  /** The key the server accepts (`Authorization: Bearer …`). */
  apiKey: string;
  /** `/v1` for OpenAI, `/openai/v1` for Groq. */
  prefix?: string;
  /** OpenAI sends a usage chunk when asked (`stream_options`); Groq puts usage in `x_groq`. */
  dialect?: 'openai' | 'groq';
}

/**
 * OpenAI's chat-completions, embeddings and models API as recorded from the real service:
 * JSON bodies, SSE `data:` lines, a usage chunk with empty `choices`, `data: [DONE]`.
 */
export function startFakeOpenAiServer(options: FakeOpenAiServerOptions): Promise<FakeProviderServer> {
  const prefix = options.prefix ?? '/v1';
  const dialect = options.dialect ?? 'openai';
  const escaped = prefix.replace(/\//g, '\\/');
  return FakeProviderServer.start(
    [
      { method: 'POST', path: new RegExp(`^${escaped}/chat/completions$`), handle: chatHandler(dialect) },
      { method: 'POST', path: new RegExp(`^${escaped}/embeddings$`), handle: embeddings },
      {
        method: 'GET',
        path: new RegExp(`^${escaped}/models$`),
        handle: (_request, response) =>
          sendJson(response, 200, {
            object: 'list',
            data: [{ id: 'fake-model', object: 'model', owned_by: 'fake' }],
          }),
      },
    ],
    (request) => {
      const received = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (received === options.apiKey) return null;
      // The real API echoes (part of) the key it rejected; the adapters must not pass it on.
      const message = `Incorrect API key provided: ${received}. You can find your API key at https://platform.openai.com/account/api-keys.`;
      return {
        status: 401,
        body: { error: { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
      };
    },
  );
}

/** Chat completions as JSON, or as SSE chunks when `stream` is set. */
const chatHandler =
  (dialect: 'openai' | 'groq') =>
  async (request: RecordedRequest, response: ServerResponse, fake: FakeProviderServer) => {
    const body = request.body as {
      model: string;
      messages: Array<{ content: string }>;
      stream?: boolean;
      stream_options?: { include_usage?: boolean };
    };
    const text = fakeAnswer(body.messages);
    const usage = { prompt_tokens: promptTokensOf(body.messages), completion_tokens: tokensOf(text).length };
    const totals = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    const base = {
      id: 'chatcmpl-fake',
      created: 1764028800,
      model: `${body.model}-2026-01-01`,
      system_fingerprint: 'fp_fake',
    };
    if (!body.stream) {
      const message = { role: 'assistant', content: text, refusal: null, annotations: [] };
      return sendJson(response, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message, logprobs: null, finish_reason: 'stop' }],
        usage: totals,
        ...(dialect === 'groq' ? { x_groq: { id: 'req_fake' } } : {}),
      });
    }
    const chunk = (choices: unknown[], extra: object = {}) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
    const delta = (content: object, finish: string | null = null) => ({
      index: 0,
      delta: content,
      logprobs: null,
      finish_reason: finish,
    });
    const lines = [
      chunk([delta({ role: 'assistant', content: '' })]),
      ...tokensOf(text).map((token) => chunk([delta({ content: token })])),
      chunk([delta({}, 'stop')], dialect === 'groq' ? { x_groq: { id: 'req_fake', usage: totals } } : {}),
    ];
    if (dialect === 'openai' && body.stream_options?.include_usage) lines.push(chunk([], { usage: totals }));
    lines.push('data: [DONE]\n\n');
    await fake.writeChunks(response, 'text/event-stream; charset=utf-8', lines);
  };

/** Embeddings, listed in reverse order (each with its `index`), base64 when the SDK asks for it. */
function embeddings(request: RecordedRequest, response: ServerResponse, fake: FakeProviderServer) {
  const body = request.body as {
    model: string;
    input: string | string[];
    dimensions?: number;
    encoding_format?: string;
  };
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  if (inputs.some((input) => input === '')) {
    return sendJson(response, 400, {
      error: { message: "'$.input' is invalid.", type: 'invalid_request_error' },
    });
  }
  const dimensions =
    fake.forcedVectorSize ?? body.dimensions ?? (body.model === 'text-embedding-3-large' ? 3072 : 1536);
  const data = inputs.map((input, index) => {
    const vector = fakeVector(input, dimensions);
    const embedding =
      body.encoding_format === 'base64'
        ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
        : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((sum, input) => sum + tokensOf(input).length, 0);
  sendJson(response, 200, {
    object: 'list',
    data: data.reverse(),
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
