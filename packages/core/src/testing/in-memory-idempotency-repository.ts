import type { IdempotencyRecord, IdempotencyRepository } from '../ports/idempotency.repository.port.js';
import type { Clock } from '../ports/clock.port.js';

export class InMemoryIdempotencyRepository implements IdempotencyRepository {
  private readonly records = new Map<string, IdempotencyRecord>();

  /** `clock` is kept for callers; expiry is judged at the claim's own `createdAt`, like the SQL store. */
  // biome-ignore lint/complexity/noUselessConstructor: keeps the (clock) signature callers use.
  constructor(_clock?: Clock) {}

  async claim(record: IdempotencyRecord): Promise<IdempotencyRecord | null> {
    const id = `${record.projectId}:${record.key}`;
    const existing = this.records.get(id);
    if (existing && existing.expiresAt > record.createdAt) return structuredClone(existing);
    this.records.set(id, structuredClone(record));
    return null;
  }

  async complete(projectId: string, key: string, status: number, body: unknown): Promise<void> {
    const record = this.records.get(`${projectId}:${key}`);
    if (record)
      Object.assign(record, {
        state: 'completed',
        responseStatus: status,
        responseBody: structuredClone(body),
      });
  }

  async release(projectId: string, key: string): Promise<void> {
    this.records.delete(`${projectId}:${key}`);
  }
}
