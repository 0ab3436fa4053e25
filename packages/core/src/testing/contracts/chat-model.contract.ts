import { describe, expect, it } from 'vitest';
import type { ChatModel, ChatRequest } from '../../ports/chat-model.port.js';

export const sampleChatRequest: ChatRequest = {
  messages: [
    { role: 'system', content: 'Answer only from the context.' },
    {
      role: 'user',
      content: 'Context:\n[S1] Refunds are paid within 14 days.\n\nQuestion: How long do refunds take?',
    },
  ],
  question: 'How long do refunds take?',
  context: [{ label: 'S1', title: 'Refunds', text: 'Refunds are paid within 14 days.', score: 0.9 }],
};

/** Behaviour every `ChatModel` must have. */
export function chatModelContract(name: string, makeSubject: () => Promise<ChatModel> | ChatModel): void {
  describe(`ChatModel contract: ${name}`, () => {
    it('completes with text, a model name and consistent usage', async () => {
      const model = await makeSubject();
      const completion = await model.complete(sampleChatRequest);
      expect(completion.text.trim().length).toBeGreaterThan(0);
      expect(completion.model).toMatch(/\S/);
      if (completion.usage) {
        expect(completion.usage.totalTokens).toBe(
          completion.usage.promptTokens + completion.usage.completionTokens,
        );
      }
    });

    it('streams tokens whose concatenation is the final text, ending with done', async () => {
      const model = await makeSubject();
      let streamed = '';
      let done: string | null = null;
      for await (const event of model.stream(sampleChatRequest)) {
        expect(done).toBeNull();
        if (event.type === 'token') streamed += event.text;
        else done = event.completion.text;
      }
      expect(done).not.toBeNull();
      expect(streamed).toBe(done);
    });

    it('stops when the signal is aborted', async () => {
      const model = await makeSubject();
      const controller = new AbortController();
      controller.abort();
      await expect(
        (async () => {
          for await (const _event of model.stream(sampleChatRequest, { signal: controller.signal })) {
            // drain
          }
        })(),
      ).rejects.toBeTruthy();
    });
  });
}
