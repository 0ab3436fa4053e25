import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatBuddy, createChatBuddy } from './chat-buddy.js';
import { createLogger } from './logger.js';

/**
 * Multi-turn conversations on the embedded default (PGlite, the local provider): a message that
 * leans on the conversation is retrieved with the recent turns, and a fresh topic is not dragged
 * back to the previous one.
 */
const documents = [
  {
    title: 'pg-pool',
    content: `# pg-pool

A connection pool for node-postgres.

## Creating a pool

Create a pool with new Pool(config). The pool keeps up to max clients open and hands them out with pool.connect().

## Shutting down

To shut down the pool, call pool.end(). It waits for checked-out clients to be released, then closes every idle connection.`,
  },
  {
    title: 'Koa',
    content: `# Koa

Koa is a small web framework for Node.js.

## Middleware

Register middleware with app.use(fn). Each middleware receives the context and a next function.

## Shutting down

To shut down a Koa server gracefully, call server.close() on the HTTP server that app.listen() returned.`,
  },
  {
    title: 'Shipping',
    content: `# Shipping

## Delivery times

Standard shipping to Germany takes 2 to 3 working days. Standard shipping to France takes 4 to 6 working days.

## Costs

Shipping is free for orders over 50 euros.`,
  },
  {
    title: 'Refunds',
    content: `# Refunds

## Refund policy

Refunds are paid within 14 days of receiving the returned item, to the original payment method.`,
  },
];

const logger = createLogger({ logLevel: 'silent' });
let dataDir: string;
let app: ChatBuddy;
let projectId: string;
const titles = new Map<string, string>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-follow-ups-'));
  app = await createChatBuddy({ dataDir, logLevel: 'silent' }, { logger });
  projectId = (await app.projects.create({ name: 'Follow-ups' })).project.id;
  for (const document of documents) {
    const uploaded = await app.documents.upload(projectId, document);
    titles.set(uploaded.id, document.title);
  }
}, 240_000);

afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function conversation(...messages: string[]) {
  const replies = [];
  let conversationId: string | undefined;
  for (const message of messages) {
    const answer = await app.chat.ask(projectId, { message, conversationId });
    conversationId = answer.conversationId;
    replies.push({
      ...answer,
      sourceTitles: [...new Set(answer.sources.map((source) => titles.get(source.documentId ?? '')))],
    });
  }
  return replies;
}

describe('follow-up questions on the local provider', () => {
  it('a pronoun follow-up stays with the previous topic, even where another document matches it alone', async () => {
    // Alone, "how do I shut it down?" matches Koa's shutdown section as well as pg-pool's.
    const [first, second] = await conversation(
      'How do I create a connection pool with pg-pool?',
      'And how do I shut it down?',
    );
    expect(first!.sourceTitles[0]).toBe('pg-pool');
    expect(second!.answered).toBe(true);
    expect(second!.reply).toContain('pool.end()');
    expect(second!.sourceTitles[0]).toBe('pg-pool');
  });

  it('an elliptic follow-up ("what about France?") is answered within the topic', async () => {
    const [, second] = await conversation(
      'How long does standard shipping to Germany take?',
      'What about France?',
    );
    expect(second!.answered).toBe(true);
    expect(second!.reply).toContain('4 to 6 working days');
  });

  it('a fresh topic in the same conversation is not dragged back', async () => {
    const [, second, third] = await conversation(
      'How do I create a connection pool with pg-pool?',
      'How do I register middleware in Koa?',
      'Refund policy?',
    );
    expect(second!.sourceTitles[0]).toBe('Koa');
    expect(second!.reply).toContain('app.use');
    expect(third!.sourceTitles[0]).toBe('Refunds');
    expect(third!.reply).toContain('14 days');
  });

  it('a short follow-up about something the documents do not hold is not answered from the previous topic', async () => {
    const [first, second] = await conversation(
      'How long does standard shipping to Germany take?',
      'And with bitcoin?',
    );
    expect(first!.answered).toBe(true);
    expect(second).toMatchObject({ answered: false, reply: "I don't know." });
  });
});
