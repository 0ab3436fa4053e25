import {
  AssistantChat,
  type AssistantChatResult,
  assistantChatInput,
  isDomainError,
  ResendLeadOtp,
  resendLeadOtpInput,
  sessionStates,
  VerifyLeadOtp,
  verifyLeadOtpInput,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Context } from 'koa';
import { z } from 'zod';
import { statusByCode } from '../routing/status-by-code.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { chatAnswerSchema } from './chat.routes.js';
import { EventStream, wantsEventStream } from './sse.js';
import { limitVisitorSession } from '../middleware/rate-limit.js';
import { httpMetrics } from '../metrics/http-metrics.js';

const assistantStep = z.object({ sessionId: z.string(), state: z.enum(sessionStates), reply: z.string() });
const assistantAnswer = chatAnswerSchema.extend({
  sessionId: z.string(),
  state: z.literal('ready'),
  messagesRemaining: z.number().int().min(0).nullable(),
});
const expired = { description: 'Unknown or expired session (`session_expired`): start again' };

type Run = (options: {
  onToken?: (text: string) => void;
  signal: AbortSignal;
}) => Promise<AssistantChatResult>;

/**
 * Answers as JSON, or as Server-Sent Events: an answer streams `token`… then `sources` and
 * `done`; a step of the flow is one `token` with the whole reply, then `done`.
 */
async function respond(
  ctx: Context,
  runtime: ChatBuddy,
  stream: boolean | undefined,
  run: Run,
): Promise<void> {
  const abort = new AbortController();
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) abort.abort();
  });
  if (!wantsEventStream(ctx, stream)) {
    const result = await run({ signal: abort.signal });
    if ('sources' in result) httpMetrics(runtime).recordAnswer(result);
    ctx.body = result;
    return;
  }
  const events = new EventStream(ctx, abort);
  try {
    let streamed = false;
    const result = await run({
      signal: abort.signal,
      onToken: (text) => {
        streamed = true;
        events.send('token', { text });
      },
    });
    if ('sources' in result) {
      httpMetrics(runtime).recordAnswer(result);
      events.send('sources', { sources: result.sources });
    } else if (!streamed) events.send('token', { text: result.reply });
    events.send('done', result);
  } catch (error) {
    if (!events.opened) throw error;
    const code = isDomainError(error) ? error.code : 'internal_error';
    const message = isDomainError(error) ? error.message : 'Internal server error';
    if (!isDomainError(error))
      runtime.logger.error({ err: error, endpoint: 'assistant_chat' }, 'stream failed');
    events.send('error', { error: { code, message, status: statusByCode[code] } });
  } finally {
    events.end();
  }
}

/** The lead-capture flow of the assistant (project key; publishable keys allowed). */
export function assistantRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'post',
      path: '/assistant/chat',
      summary:
        'Start a session ({}), answer its step (name, email, code), or chat once ready; JSON or Server-Sent Events',
      tag: 'assistant',
      auth: { apiKey: 'chat' },
      body: assistantChatInput,
      responses: {
        200: {
          description: 'The next step of the flow, or an answer once the session is ready',
          schema: z.union([assistantAnswer, assistantStep]),
        },
        410: expired,
        429: { description: 'Rate limit, code emails capped, or the lead’s answers used up' },
      },
      handler: async (ctx, { body }) => {
        if (body.sessionId) await limitVisitorSession(runtime, ctx.state.project.id, body.sessionId);
        await respond(ctx, runtime, body.stream, (options) =>
          runtime.get(AssistantChat).execute(ctx.state.project, body, { clientIp: ctx.ip }, options),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/assistant/verify-otp',
      summary: 'Confirm the visitor’s email with the emailed 6-digit code; the session becomes ready',
      tag: 'assistant',
      auth: { apiKey: 'chat' },
      body: verifyLeadOtpInput,
      responses: {
        200: { description: 'The session is ready', schema: assistantStep },
        400: { description: 'Wrong or expired code (`otp_invalid`, `otp_expired`)' },
        409: { description: 'No code is awaited in this session (`invalid_state`)' },
        410: expired,
        429: { description: 'Too many wrong codes (`otp_attempts_exceeded`): ask for a new one' },
      },
      handler: async (ctx, { body }) => {
        ctx.body = await runtime.get(VerifyLeadOtp).execute(ctx.state.project, body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/assistant/resend-otp',
      summary: 'Email a fresh code (older ones stop working); one a minute, five an hour, capped per day',
      tag: 'assistant',
      auth: { apiKey: 'chat' },
      body: resendLeadOtpInput,
      responses: {
        200: { description: 'A new code is on its way', schema: assistantStep },
        409: { description: 'No code is awaited in this session (`invalid_state`)' },
        410: expired,
        429: { description: 'Throttled (`rate_limited`, with Retry-After)' },
      },
      handler: async (ctx, { body }) => {
        ctx.body = await runtime.get(ResendLeadOtp).execute(ctx.state.project, body, { clientIp: ctx.ip });
      },
    }),
  ];
}
