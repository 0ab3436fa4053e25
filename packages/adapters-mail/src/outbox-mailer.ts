import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingEmail } from '@chatbuddy/core';

/** One email kept in the development outbox. */
export interface OutboxEntry extends OutgoingEmail {
  id: string;
  /** ISO-8601 instant it was "sent". */
  sentAt: string;
}

/** The outbox file inside a data directory. */
export function outboxPath(dataDir: string): string {
  return join(dataDir, 'outbox.jsonl');
}

/**
 * The mailer of the embedded default: nothing leaves the machine. Each email is appended as
 * one JSON line to `<dataDir>/outbox.jsonl` and logged (recipient, subject and text) so a
 * developer can read the verification code in the log or with `chatbuddy outbox`.
 */
export class OutboxMailer implements Mailer {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly log: (message: string, entry: OutboxEntry) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(email: OutgoingEmail): Promise<{ id: string }> {
    const entry: OutboxEntry = { id: randomUUID(), sentAt: this.now().toISOString(), ...email };
    // Appends are serialised so concurrent sends never interleave within a line.
    const write = this.queue.then(async () => {
      await mkdir(this.dataDir, { recursive: true });
      await appendFile(outboxPath(this.dataDir), `${JSON.stringify(entry)}\n`, 'utf8');
    });
    this.queue = write.catch(() => undefined);
    await write;
    this.log(`Email to ${entry.to}: ${entry.subject}\n${entry.text}`, entry);
    return { id: entry.id };
  }
}

/** Emails in the outbox, oldest first (an absent outbox is empty; damaged lines are skipped). */
export async function readOutbox(dataDir: string): Promise<OutboxEntry[]> {
  let text: string;
  try {
    text = await readFile(outboxPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: OutboxEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as OutboxEntry;
      if (typeof entry.to === 'string' && typeof entry.subject === 'string') entries.push(entry);
    } catch {
      // A line cut short by a crash: skip it.
    }
  }
  return entries;
}
