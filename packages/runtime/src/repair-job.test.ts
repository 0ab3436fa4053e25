import { makeDocument, seedProject } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { createChatBuddy } from './chat-buddy.js';
import { createLogger } from './logger.js';
import { inMemoryResources } from './testing/in-memory-resources.js';

/** A world with one document abandoned long ago and one whose lease is still running. */
async function world() {
  const { resources, ports } = inMemoryResources();
  const project = await seedProject(ports);
  const now = ports.clock.now().getTime();
  const seed = async (leaseMs: number) => {
    const document = await ports.documents.create(makeDocument(project.id, { status: 'indexing' }));
    const leaseExpiresAt = new Date(now + leaseMs);
    await ports.documents.update(project.id, document.id, { leaseExpiresAt }, ports.clock.now());
    return document.id;
  };
  const expired = await seed(-1);
  const live = await seed(2 * 60_000);
  // Token reservations of calls a stopped process left: one lease expired, one still running.
  const limited = await seedProject(ports, { tokenLimit: 100_000 });
  const reserve = (tokens: number, leaseMs: number) =>
    ports.projects.reserveTokens(limited.id, tokens, ports.clock.now(), {
      id: ports.ids.newId(),
      expiresAt: new Date(now + leaseMs),
    });
  await reserve(300, -1);
  await reserve(40, 2 * 60_000);
  const reserved = async () => (await ports.projects.findById(limited.id))!.tokensReserved;
  // A project deleted by a process stopped before it dropped the project's vectors.
  const deleted = await seedProject(ports);
  await ports.projects.delete(deleted.id);
  const pendingDrops = () => ports.projects.deletedWithVectors(10);
  const status = async (id: string) => (await ports.documents.findById(project.id, id))?.status;
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'debug' }, { write: (line: string) => lines.push(line) });
  const open = (config: Record<string, unknown>) =>
    createChatBuddy({ nodeEnv: 'test', ...config }, { resources, logger });
  return { ports, projectId: project.id, expired, live, status, reserved, pendingDrops, lines, open };
}

describe('repair job', () => {
  it('embedded: on start every unfinished document is interrupted, and the pass is logged', async () => {
    const { expired, live, status, reserved, pendingDrops, lines, open } = await world();
    expect(await reserved()).toBe(340);
    expect(await pendingDrops()).toHaveLength(1);
    const runtime = await open({ repairIntervalSeconds: 0 });
    expect(await status(expired)).toBe('failed');
    expect(await status(live)).toBe('failed');
    expect(await reserved()).toBe(0);
    expect(lines.filter((line) => line.includes('token reservations'))).toHaveLength(1);
    expect(await pendingDrops()).toEqual([]);
    // A settled deletion is routine housekeeping: logged for debugging only.
    const dropped = lines.filter((line) => line.includes('vectors of deleted projects'));
    expect(dropped.map((line) => JSON.parse(line).level)).toEqual([20]);
    expect(lines.filter((line) => line.includes('indexing was interrupted'))).toHaveLength(2);
    await runtime.close();
  });

  it('server: only expired leases, on start and then periodically, until closed', async () => {
    const { ports, projectId, expired, live, status, reserved, pendingDrops, open } = await world();
    const runtime = await open({ dbUrl: 'postgres://db.invalid/chatbuddy', repairIntervalSeconds: 1 });
    // Another instance may still be indexing for the project just deleted: its vectors are
    // dropped at each pass, and the note kept until the deletion has settled.
    expect(await pendingDrops()).toHaveLength(1);
    expect(await status(expired)).toBe('failed');
    expect(await status(live)).toBe('indexing');
    expect(await reserved()).toBe(40);
    ports.clock.advance(3 * 60_000);
    await expect.poll(() => status(live), { timeout: 5_000, interval: 100 }).toBe('failed');
    await expect.poll(reserved, { timeout: 5_000, interval: 100 }).toBe(0);
    const again = await ports.documents.create(makeDocument(projectId, { status: 'pending' }));
    await runtime.close();
    ports.clock.advance(60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await status(again.id)).toBe('pending');
  });
});
