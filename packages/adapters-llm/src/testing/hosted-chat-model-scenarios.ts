import { sampleChatRequest } from '@chatbuddy/core/testing';
import { expect, it } from 'vitest';
import { type ChatModelFixture, domainErrorOf, drain } from './chat-model-fixture.js';

export { type ChatModelFixture, domainErrorOf, drain } from './chat-model-fixture.js';

/**
 * Behaviour every hosted chat adapter shares beyond the port contract: provider usage, retries
 * with Retry-After, error mapping, timeouts, cancellation, and no secret in any error.
 */
export function hostedChatModelScenarios(fixture: ChatModelFixture): void {
  const attempts = () => fixture.server().attempts(fixture.chatPath);
  const queue = (status: number, headers: Record<string, string> = {}) =>
    fixture.server().queuedReplies.push({ status, headers, body: fixture.errorBody(status) });

  it('reports the provider usage of a JSON completion', async () => {
    const completion = await fixture.model().complete(sampleChatRequest);
    expect(completion.text).toBe('According to the documents: Refunds are paid within 14 days.');
    expect(completion.finishReason).toBe('stop');
    expect(completion.usage).toEqual({ promptTokens: 19, completionTokens: 10, totalTokens: 29 });
  });

  it('streams several tokens and ends with the usage of the stream', async () => {
    const events = await drain(fixture.model().stream(sampleChatRequest));
    const tokens = events.filter((event: any) => event.type === 'token');
    const done = events.at(-1) as any;
    expect(tokens.length).toBeGreaterThan(3);
    expect(done.type).toBe('done');
    expect(done.completion.usage).toEqual({ promptTokens: 19, completionTokens: 10, totalTokens: 29 });
    expect(done.completion.finishReason).toBe('stop');
  });

  it('waits as long as Retry-After asks after a 429, then succeeds', async () => {
    queue(429, { 'retry-after': '0.25' });
    const started = performance.now();
    const completion = await fixture.model().complete(sampleChatRequest);
    expect(completion.text.length).toBeGreaterThan(0);
    expect(attempts()).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('retries a stream that fails before its first token', async () => {
    queue(429, { 'retry-after': '0' });
    queue(502);
    const events = await drain(fixture.model().stream(sampleChatRequest));
    expect((events.at(-1) as any).type).toBe('done');
    expect(attempts()).toBe(3);
  });

  it('gives up after the last attempt on a persistent 429 with provider_unavailable', async () => {
    fixture.server().persistentReply = {
      status: 429,
      headers: { 'retry-after': '0' },
      body: fixture.errorBody(429),
    };
    const error = await domainErrorOf(fixture.model().complete(sampleChatRequest));
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSeconds).toBe(1);
    expect(attempts()).toBe(3);
  });

  it('fails at once when Retry-After exceeds the cap, passing the pause on', async () => {
    queue(429, { 'retry-after': '120' });
    const error = await domainErrorOf(fixture.model().complete(sampleChatRequest));
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryAfterSeconds).toBe(120);
    expect(attempts()).toBe(1);
  });

  it('maps a persistent 500 to provider_error after retrying', async () => {
    fixture.server().persistentReply = { status: 500, body: fixture.errorBody(500) };
    const error = await domainErrorOf(fixture.model().complete(sampleChatRequest));
    expect(error.code).toBe('provider_error');
    expect(error.message).toMatch(/HTTP 500/);
    expect(attempts()).toBe(3);
  });

  it('maps an overloaded 503 to provider_unavailable', async () => {
    fixture.server().persistentReply = { status: 503, body: fixture.errorBody(503) };
    const error = await domainErrorOf(drain(fixture.model().stream(sampleChatRequest)));
    expect(error.code).toBe('provider_unavailable');
    expect(attempts()).toBe(3);
  });

  it('times out a slow response with provider_timeout, without retrying', async () => {
    fixture.server().delayMs = 2_000;
    const started = performance.now();
    const error = await domainErrorOf(fixture.model({ timeoutMs: 300 }).complete(sampleChatRequest));
    expect(error.code).toBe('provider_timeout');
    expect(error.message).toMatch(/within 300 ms/);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(attempts()).toBe(1);
  });

  it('times out a stream that stalls between chunks', async () => {
    fixture.server().chunkDelayMs = 2_000;
    const error = await domainErrorOf(drain(fixture.model({ timeoutMs: 300 }).stream(sampleChatRequest)));
    expect(error.code).toBe('provider_timeout');
  });

  it('closes the HTTP request when the signal aborts mid-stream', async () => {
    fixture.server().chunkDelayMs = 40;
    const closed = fixture.server().nextEarlyClose();
    const controller = new AbortController();
    const received: string[] = [];
    const error = await domainErrorOf(
      (async () => {
        for await (const event of fixture.model().stream(sampleChatRequest, { signal: controller.signal })) {
          if (event.type === 'token') received.push(event.text);
          if (received.length === 1) controller.abort();
        }
      })(),
    );
    await closed;
    expect(received).toHaveLength(1);
    expect(error.code).toBe('provider_error');
    expect(error.message).toMatch(/cancelled/);
    expect(attempts()).toBe(1);
  });

  it('closes the HTTP request when the consumer stops reading', async () => {
    fixture.server().chunkDelayMs = 40;
    const closed = fixture.server().nextEarlyClose();
    for await (const event of fixture.model().stream(sampleChatRequest)) {
      if (event.type === 'token') break;
    }
    await closed;
    expect(fixture.server().closedEarly).toBe(1);
  });

  it('does not retry once tokens were streamed', async () => {
    fixture.server().chunkDelayMs = 20;
    fixture.server().cutStreamAfterChunks = 3;
    const tokens: string[] = [];
    const error = await domainErrorOf(
      (async () => {
        for await (const event of fixture.model().stream(sampleChatRequest)) {
          if (event.type === 'token') tokens.push(event.text);
        }
      })(),
    );
    expect(tokens.length).toBeGreaterThan(0);
    expect(error.code).toMatch(/^provider_(error|unavailable)$/);
    expect(attempts()).toBe(1);
  });

  it('reports a rejected API key safely, without retrying and without the key', async () => {
    const secret = 'sk-this-key-must-never-leak-1234567890';
    const error = await domainErrorOf(fixture.model({ apiKey: secret }).complete(sampleChatRequest));
    expect(error.code).toBe('provider_error');
    expect(error.message).toMatch(/API key/);
    expect(error.retryable).toBe(false);
    expect(attempts()).toBe(1);
    const everything = [
      error.message,
      error.stack,
      JSON.stringify(error),
      JSON.stringify(error.details),
    ].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('1234567890');
    expect(error.cause).toBeUndefined();
  });

  it('maps an unreachable server to provider_unavailable after retrying', async () => {
    const error = await domainErrorOf(
      fixture.model({ baseUrl: 'http://127.0.0.1:9' }).complete(sampleChatRequest),
    );
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
  });
}
