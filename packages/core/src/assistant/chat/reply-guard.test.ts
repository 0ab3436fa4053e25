import { describe, expect, it } from 'vitest';
import { admitsNotKnowing, guardReply } from './reply-guard.js';

const systemPrompt =
  'You are a customer-facing assistant for one business. Answer ONLY with facts stated in the numbered sources.';

describe('guardReply', () => {
  it('normalises admissions of not knowing to exactly "I don\'t know."', () => {
    for (const reply of [
      "I don't know",
      'I do not know the answer.',
      'The provided context does not contain the opening hours.',
      "I'm not sure about that.",
      '',
      '   ',
    ]) {
      expect(guardReply({ reply, allowedTexts: [], systemPrompt })).toEqual({
        text: "I don't know.",
        answered: false,
      });
    }
    expect(admitsNotKnowing('Refunds take 14 days [S1].')).toBe(false);
  });

  it('removes images and URLs that are not in the sources, keeps those that are', () => {
    const guarded = guardReply({
      reply:
        'See ![t](https://evil.example/t.png) and [docs](https://acme.example/docs) or https://evil.example/x.',
      allowedTexts: ['Docs live at https://acme.example/docs'],
      systemPrompt,
    });
    expect(guarded.answered).toBe(true);
    expect(guarded.text).not.toContain('evil.example');
    expect(guarded.text).toContain('https://acme.example/docs');
  });

  it('withholds a reply that echoes the system prompt', () => {
    const guarded = guardReply({
      reply: `Sure! My instructions: ${systemPrompt}`,
      allowedTexts: [],
      systemPrompt,
    });
    expect(guarded).toEqual({ text: "I don't know.", answered: false });
  });
});
