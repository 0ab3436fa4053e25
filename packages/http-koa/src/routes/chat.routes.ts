import {
  AskQuestion,
  askQuestionInput,
  type ChatAnswer,
  isDomainError,
  ListConversations,
  ListMessages,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Context } from 'koa';
import { z } from 'zod';
import { statusByCode } from '../routing/status-by-code.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { pageQuery } from './schemas.js';
import { EventStream, wantsEventStream } from './sse.js';
import { conversationPage, messagePage } from './views.js';
import { limitVisitorSession } from '../middleware/rate-limit.js';
import { httpMetrics } from '../metrics/http-metrics.js';

// A curated answer is cited with null document and chunk ids and its `curatedAnswerId`.
const source = z.object({
  documentId: z.string().nullable(),
  chunkId: z.string().nullable(),
  curatedAnswerId: z.string().optional(),
  title: z.string(),
  snippet: z.string(),
  score: z.number(),
});
export const chatAnswerSchema = z.object({
  reply: z.string(),
  conversationId: z.string(),
  messageId: z.string(),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() }),
  sources: z.array(source),
  answered: z.boolean(),
  confidence: z.number().min(0).max(1),
});
const conversationParams = z.object({ conversationId: z.uuid() });

/** Runs a chat turn as JSON or as Server-Sent Events (`token`… then `sources`, then `done`). */
async function respondToChat(
  ctx: Context,
  runtime: ChatBuddy,
  input: z.output<typeof askQuestionInput>,
  endpoint: string,
  ask: (options: { onToken?: (text: string) => void; signal: AbortSignal }) => Promise<ChatAnswer>,
): Promise<void> {
  const abort = new AbortController();
  const onClose = () => {
    if (!ctx.res.writableFinished) abort.abort();
  };
  ctx.res.once('close', onClose);
  if (!wantsEventStream(ctx, input.stream)) {
    const answer = await ask({ signal: abort.signal });
    httpMetrics(runtime).recordAnswer(answer);
    ctx.body = answer;
    return;
  }
  const events = new EventStream(ctx, abort);
  try {
    const answer = await ask({ signal: abort.signal, onToken: (text) => events.send('token', { text }) });
    httpMetrics(runtime).recordAnswer(answer);
    events.send('sources', { sources: answer.sources });
    events.send('done', answer);
  } catch (error) {
    if (!events.opened) throw error;
    const code = isDomainError(error) ? error.code : 'internal_error';
    const message = isDomainError(error) ? error.message : 'Internal server error';
    if (!isDomainError(error)) runtime.logger.error({ err: error, endpoint }, 'stream failed');
    events.send('error', { error: { code, message, status: statusByCode[code] } });
  } finally {
    events.end();
  }
}

/** Runtime chat and conversation routes (project key). */
export function chatRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'post',
      path: '/chat',
      summary: 'Ask a question; JSON, or Server-Sent Events with Accept: text/event-stream or "stream": true',
      tag: 'chat',
      // Not the assistant flow: refused to a publishable key while lead capture is on.
      auth: { apiKey: 'ask' },
      body: askQuestionInput,
      responses: {
        200: {
          description: 'The answer (or an event stream: token, sources, done)',
          schema: chatAnswerSchema,
        },
        429: { description: 'Rate limit (per IP, key or conversation) or token limit reached' },
      },
      handler: async (ctx, { body }) => {
        if (body.conversationId)
          await limitVisitorSession(runtime, ctx.state.project.id, body.conversationId);
        await respondToChat(ctx, runtime, body, 'chat', (options) =>
          runtime.get(AskQuestion).execute(ctx.state.project, body, {
            ...options,
            endpoint: 'chat',
            curatedRevision: ctx.state.curatedRevision,
          }),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conversations',
      summary: 'Conversations of the key’s project, newest first',
      tag: 'chat',
      auth: { apiKey: 'list_conversations' },
      query: pageQuery,
      responses: { 200: { description: 'A page of conversations', schema: conversationPage } },
      handler: async (ctx, { query }) => {
        ctx.body = await runtime.get(ListConversations).execute(ctx.state.project.id, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conversations/:conversationId/messages',
      summary:
        'Messages of one conversation, oldest first (publishable keys may read their own conversation)',
      tag: 'chat',
      auth: { apiKey: 'read_conversation' },
      params: conversationParams,
      query: pageQuery,
      responses: { 200: { description: 'A page of messages', schema: messagePage } },
      handler: async (ctx, { params, query }) => {
        ctx.body = await runtime
          .get(ListMessages)
          .execute(ctx.state.project.id, params.conversationId, query);
      },
    }),
  ];
}
