import { createHash } from 'node:crypto';
import { Clock, DomainError, IdempotencyRepository, runIdempotent } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { ParameterizedContext } from 'koa';
import type { ProjectKeyState } from '../routing/state.js';

/**
 * Honours an `Idempotency-Key` header on a write: the same key and body replay the first result
 * (with `Idempotent-Replayed: true`), another body is 422, a concurrent duplicate 409.
 */
export async function respondIdempotently(
  ctx: ParameterizedContext<ProjectKeyState>,
  runtime: ChatBuddy,
  raw: Buffer,
  work: () => Promise<{ status: number; body: unknown }>,
): Promise<void> {
  const key = ctx.get('idempotency-key');
  if (!key) {
    const result = await work();
    ctx.status = result.status;
    ctx.body = result.body;
    return;
  }
  if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new DomainError('invalid_input', 'Idempotency-Key must be 1–255 visible ASCII characters');
  }
  const requestHash = createHash('sha256').update(`${ctx.method} ${ctx.path}\n`).update(raw).digest('hex');
  const result = await runIdempotent(
    runtime.get<IdempotencyRepository>(IdempotencyRepository),
    runtime.get<Clock>(Clock),
    { projectId: ctx.state.project.id, key, requestHash },
    async () => {
      const outcome = await work();
      return { status: outcome.status, body: JSON.parse(JSON.stringify(outcome.body)) };
    },
  );
  if (result.replayed) ctx.set('Idempotent-Replayed', 'true');
  ctx.status = result.status;
  ctx.body = result.body;
}
