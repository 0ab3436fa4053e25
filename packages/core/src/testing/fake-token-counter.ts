import type { TokenCounter } from '../ports/token-counter.port.js';

/** About four characters a token, like English text in common tokenizers. */
export class FakeTokenCounter implements TokenCounter {
  count(text: string): number {
    return Math.ceil(text.length / 4);
  }
}
