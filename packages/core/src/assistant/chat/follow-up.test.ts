import { describe, expect, it } from 'vitest';
import type { Message, Source } from '../conversation.js';
import { dependenceOf, followUpOf } from './follow-up.js';

type Turn = Pick<Message, 'role' | 'content' | 'sources'>;

function source(documentId: string): Source {
  return { documentId, chunkId: `${documentId}-c`, title: documentId, snippet: '', score: 1 };
}

const history: Turn[] = [
  { role: 'user', content: 'How do I create a pool with pg-pool?', sources: [] },
  { role: 'assistant', content: 'Create a pool with new Pool(config).', sources: [source('doc-pg')] },
];

describe('dependenceOf', () => {
  it('treats every first message as standalone', () => {
    expect(dependenceOf('and how do I close it?', false)).toBe('standalone');
  });

  it.each([
    'and how do I close it?',
    'Does it include phone support?',
    'How do I configure them?',
    'Was kostet es?',
    '¿Cuánto cuesta eso?',
    'Can I use that one instead?',
  ])('finds a pointer back in %j', (message) => {
    expect(dependenceOf(message, true)).toBe('anaphoric');
  });

  it.each(['And for France?', 'What about refunds?', 'pricing?', 'und für Österreich?', 'y para España?'])(
    'reads %j as elliptic',
    (message) => {
      expect(dependenceOf(message, true)).toBe('elliptic');
    },
  );

  it.each([
    'How do I register middleware in Koa?',
    'What is the refund policy for damaged goods?',
    'Is there a plan that includes phone support?',
  ])('reads %j as standalone', (message) => {
    expect(dependenceOf(message, true)).toBe('standalone');
  });
});

describe('followUpOf', () => {
  it('retrieves a follow-up with the previous question and names the last answer’s documents', () => {
    const followUp = followUpOf('and how do I close it?', history);
    expect(followUp).toMatchObject({
      dependence: 'anaphoric',
      query: 'How do I create a pool with pg-pool?\nand how do I close it?',
    });
    expect([...followUp.topicDocuments]).toEqual(['doc-pg']);
  });

  it('keeps a chain of follow-ups on its topic, and drops older questions that stood alone', () => {
    const chain: Turn[] = [
      { role: 'user', content: 'What does shipping to Germany cost?', sources: [] },
      { role: 'assistant', content: 'Five euros.', sources: [source('doc-ship')] },
      { role: 'user', content: 'How do I create a pool with pg-pool?', sources: [] },
      { role: 'assistant', content: 'Create a pool.', sources: [source('doc-pg')] },
      { role: 'user', content: 'and how do I close it?', sources: [] },
      { role: 'assistant', content: 'Call pool.end().', sources: [source('doc-pg')] },
    ];
    expect(followUpOf('what about its timeout?', chain).query).toBe(
      'How do I create a pool with pg-pool?\nand how do I close it?\nwhat about its timeout?',
    );
    expect(followUpOf('and for France?', chain.slice(0, 2)).query).toBe(
      'What does shipping to Germany cost?\nand for France?',
    );
  });

  it('leaves a standalone message alone', () => {
    expect(followUpOf('How do I register middleware in Koa?', history)).toMatchObject({
      dependence: 'standalone',
      query: null,
    });
  });
});
