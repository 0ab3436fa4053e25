import type { IdempotencyRecord, IdempotencyRepository } from '../ports/idempotency.repository.port.js';
import type { Clock } from '../ports/clock.port.js';

export class InMemoryIdempotencyRepository implements IdempotencyRepository {
  private readonly records = new Map<string, IdempotencyRecord>();

  constructor(private readonly clock: Clock) {}

  async claim(record: IdempotencyRecord): Promise<IdempotencyRecord | null> {
    const id = `${record.projectId}:${record.key}`;
    const existing = this.records.get(id);
    if (existing && existing.expiresAt > this.clock.now()) return structuredClone(existing);
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
