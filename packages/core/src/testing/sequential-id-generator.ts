import type { IdGenerator } from '../ports/id-generator.port.js';

/** Ids `00000000-0000-4000-8000-000000000001`, `…002`, … in order. */
export class SequentialIdGenerator implements IdGenerator {
  private next = 1;
  newId(): string {
    const value = (this.next++).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${value}`;
  }
}
