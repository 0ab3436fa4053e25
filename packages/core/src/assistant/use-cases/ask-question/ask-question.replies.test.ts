import { describe, expect, it } from 'vitest';
import { guardReply } from '../../chat/reply-guard.js';
import { sanitisePassage } from '../../chat/passage-sanitiser.js';
import { acme, setUpChat } from '../../../testing/chat-fixture.js';

/** Documentation that quotes markup: all of it is text, relayed as it is. */
const markup = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[home](javascript:alert(1))',
  '![logo](https://docs.example/logo.png)',
  '<a href="javascript:void(0)">menu</a>',
];
const widgetText = (snippet: string) => `The embed snippet for the widget is ${snippet} in the page footer.`;

describe('AskQuestion replies', () => {
  it('reports confidence 0 for an abstention, whether retrieval or the model abstains', async () => {
    const { ask, project, ports } = await setUpChat();
    const unrelated = await ask.execute(project, {
      message: 'What is the boiling point of mercury on Venus?',
    });
    expect(unrelated).toMatchObject({ answered: false, sources: [], confidence: 0 });
    ports.models.chat.reply = 'The provided context does not contain that information.';
    const declined = await ask.execute(project, { message: 'When are refunds paid?' });
    expect(declined).toMatchObject({ answered: false, sources: [], confidence: 0 });
    const stored = await ports.conversations.listMessages(project.id, declined.conversationId, { limit: 5 });
    expect(stored.items.at(-1)).toMatchObject({ answered: false, confidence: 0 });
    ports.models.chat.reply = (request) => `${request.context[0]!.text} [S1]`;
    const answered = await ask.execute(project, { message: 'When are refunds paid?' });
    expect(answered.answered).toBe(true);
    expect(answered.confidence).toBeGreaterThan(0);
  });

  it('relays markup quoted by a document verbatim in the reply and the snippet, one rule for all', async () => {
    for (const snippet of markup) {
      const text = widgetText(snippet);
      expect(sanitisePassage(text)).toBe(text);
      expect(guardReply({ reply: text, allowedTexts: [text], systemPrompt: 'Be kind.' }).text).toBe(text);
      const { ask, project } = await setUpChat({}, [...acme, text]);
      const answer = await ask.execute(project, { message: 'What is the embed snippet for the widget?' });
      expect(answer.answered, snippet).toBe(true);
      expect(answer.reply).toBe(text);
      expect(answer.sources.map((source) => source.snippet)).toContain(text);
    }
  });
});
