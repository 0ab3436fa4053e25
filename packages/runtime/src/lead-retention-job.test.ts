import { PurgeExpiredLeads } from '@chatbuddy/core';
import { inMemoryLeadSeeder, makeDirectoryLead, seedProject } from '@chatbuddy/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatBuddy } from './chat-buddy.js';
import { startLeadRetentionJob } from './lead-retention-job.js';
import { createLogger } from './logger.js';
import { inMemoryResources } from './testing/in-memory-resources.js';

const day = 24 * 3600_000;

afterEach(() => {
  vi.useRealTimers();
});

async function world() {
  const { resources, ports } = inMemoryResources();
  ports.clock.set('2026-06-01T00:00:00Z');
  const project = await seedProject(ports, { assistant: { leadCapture: true, leadRetentionDays: 7 } });
  const seed = inMemoryLeadSeeder(ports.db);
  const lead = makeDirectoryLead(project.id, { updatedAt: new Date(ports.clock.now().getTime() - 6 * day) });
  await seed.lead(lead);
  const exists = async () => (await ports.leadDirectory.findById(project.id, lead.id)) !== null;
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => lines.push(line) });
  return { resources, ports, exists, lines, logger };
}

describe('lead retention job', () => {
  it('deletes a lead once the clock passes its project’s retention, on the interval, until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { resources, ports, exists, lines, logger } = await world();
    const runtime = await createChatBuddy(
      { nodeEnv: 'test', leadRetentionIntervalMinutes: 60, repairIntervalSeconds: 0 },
      { resources, logger },
    );
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(await exists()).toBe(true);
    ports.clock.advance(2 * day);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    await vi.waitFor(async () => expect(await exists()).toBe(false));
    expect(lines.some((line) => line.includes('past the project’s retention'))).toBe(true);
    await runtime.close();
  });

  it('logs a failed pass and keeps going', async () => {
    const { logger, lines, ports } = await world();
    const purge = new PurgeExpiredLeads(ports.projects, ports.leadDirectory, ports.clock);
    vi.spyOn(purge, 'execute').mockRejectedValueOnce(new Error('database down'));
    const job = startLeadRetentionJob(purge, { leadRetentionIntervalMinutes: 0 }, logger);
    await job.runOnce();
    expect(lines.some((line) => line.includes('the lead retention pass failed'))).toBe(true);
    ports.clock.advance(2 * day);
    await job.runOnce();
    expect(
      await ports.leadDirectory.count((await ports.projects.list({}, { limit: 1 })).items[0]!.id, {}),
    ).toBe(0);
    await job.stop();
  });
});
