import { type DomainError, isDomainError } from '@chatbuddy/core';
import type { Middleware } from 'koa';
import type { AppState } from '../routing/state.js';
import type { Logger } from '@chatbuddy/runtime';
import { statusByCode } from '../routing/status-by-code.js';
import type { ShutdownGate } from './shutdown.js';

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/** The error envelope of the spec. */
export function envelope(code: string, message: string, requestId: string, details?: unknown): ErrorEnvelope {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId } };
}

/** Status for errors raised by Koa or its body parsing (they carry `status`/`expose`). */
function httpErrorCode(status: number): string {
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 404) return 'not_found';
  if (status === 405) return 'method_not_allowed';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  return 'invalid_input';
}

/**
 * Renders every failure as the error envelope. Domain errors map through `statusByCode`;
 * client errors raised by Koa keep their status; anything else is logged with its stack and
 * answered with a bare 500 envelope. A request the shutdown already answered (`shutdown`) is
 * not answered again, and what it fails on afterwards is no fault.
 */
export function errorHandler(logger: Logger, shutdown?: ShutdownGate): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = envelope('not_found', `No route for ${ctx.method} ${ctx.path}`, ctx.state.requestId);
      }
    } catch (error) {
      const { requestId } = ctx.state;
      // Answered 503 by the shutdown, or cut off, then failed as the database closed under it.
      if (shutdown?.endedFor(ctx)) {
        logger.info({ requestId, reason: (error as Error).message }, 'request stopped by the shutdown');
        return;
      }
      if (isDomainError(error)) {
        const domain = error as DomainError;
        ctx.status = statusByCode[domain.code];
        if (domain.retryAfterSeconds !== undefined)
          ctx.set('Retry-After', String(Math.max(1, Math.ceil(domain.retryAfterSeconds))));
        ctx.body = envelope(domain.code, domain.message, requestId, domain.details);
        // Shed requests are expected under load and reported in aggregate by `loadShedding`;
        // requests refused while stopping follow the "shutting down" line.
        if (ctx.status >= 500 && domain.code !== 'overloaded' && domain.code !== 'shutting_down')
          logger.warn({ requestId, code: domain.code, cause: describeCause(domain) }, domain.message);
        return;
      }
      const status = (error as { status?: number; expose?: boolean }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        const message = (error as { expose?: boolean }).expose ? (error as Error).message : 'Bad request';
        ctx.body = envelope(httpErrorCode(status), message, requestId);
        return;
      }
      logger.error({ requestId, err: error }, 'unhandled error');
      ctx.status = 500;
      ctx.body = envelope('internal_error', 'Internal server error', requestId);
    }
  };
}

function describeCause(error: Error): string | undefined {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : undefined;
}
