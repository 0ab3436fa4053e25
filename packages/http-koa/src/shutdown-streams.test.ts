import { type ChatCallOptions, type ChatRequest, type ChatStreamEvent, DomainError } from '@chatbuddy/core';
import { FakeChatModel, FakeModelGateway } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './testing/test-server.js';
import { projectKeyWithDocument } from './testing/users.js';

class SlowChatModel extends FakeChatModel {
  override async *stream(
    request: ChatRequest,
    options: ChatCallOptions = {},
  ): AsyncIterable<ChatStreamEvent> {
    for await (const event of super.stream(request, options)) {
      if (event.type === 'token') await new Promise((resolve) => setTimeout(resolve, 500));
      if (options.signal?.aborted) throw new DomainError('provider_error', 'The model call was cancelled');
      yield event;
    }
  }
}

describe('stopping a server with a chat stream open', () => {
  it('ends a stream that outlives the deadline with a final shutting_down event', async () => {
    const chat = new SlowChatModel();
    chat.reply = Array.from({ length: 40 }, (_, index) => `word${index + 1}`).join(' ');
    const server = await startTestServer({
      config: { shutdownTimeoutSeconds: 2 },
      resources: { models: new FakeModelGateway(chat) },
    });
    const apiKey = await projectKeyWithDocument(server, 'Stop', 'The office opens at nine in the morning.');
    const response = await fetch(`${server.url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': apiKey },
      body: JSON.stringify({ message: 'When does the office open in the morning?' }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: token'))
      text += decoder.decode((await reader.read()).value, { stream: true });
    const stopping = server.stop();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await stopping;
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(events.at(-1)).toBe('error');
    expect(text).toContain('"code":"shutting_down"');
    expect(events).not.toContain('done');
  });
});
