import { describe, expect, it } from 'vitest';
import { runSoak } from './run-soak.js';

const postgresUrl = process.env.DB_URL;
const servers = postgresUrl && process.env.CHROMA_URL && process.env.REDIS_URL;

// The CI version of `pnpm soak`: 60 seconds of mixed load on two instances, then reconciliation.
describe.skipIf(!servers)('a 60-second soak on two instances', () => {
  it('serves without a 5xx, keeps memory flat and loses nothing', async () => {
    const report = await runSoak({
      durationSeconds: Number(process.env.SOAK_SECONDS ?? 60),
      postgresUrl: postgresUrl as string,
      chromaUrl: process.env.CHROMA_URL as string,
      redisUrl: process.env.REDIS_URL as string,
      concurrency: 4,
      sampleEverySeconds: 2,
    });
    const { series: _a, ...a } = report.rss.A ?? ({} as never);
    const { series: _b, ...b } = report.rss.B ?? ({} as never);
    console.info(JSON.stringify({ ...report, rss: { A: a, B: b } }, null, 2));
    expect(report.crashed).toEqual([]);
    expect(report.serverErrors).toEqual([]);
    // A CPU-starved shared machine may stretch a connection handshake past its timeout; rarely.
    expect(report.connectTimeouts.length).toBeLessThanOrEqual(Math.ceil(report.totalRequests / 100));
    expect(report.staleKeys).toEqual([]);
    expect(report.totalRequests).toBeGreaterThan(100);
    for (const kind of ['upload', 'chat', 'sse', 'sseAborted', 'dashboard'] as const)
      expect(Object.values(report.requests[kind]).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    expect(report.reconciliation).toMatchObject({
      documentsNotReady: [],
      answersMissing: [],
      tokenMismatches: [],
      ok: true,
    });
    expect(report.reconciliation.answeredChats).toBeGreaterThan(0);
    // A minute is mostly warm-up (buffers, compiled code, caches filling), so its slope says
    // little; `pnpm soak` judges the trend over ten minutes. Here an instance must stay within a
    // fixed ceiling, which a leak of a request's worth of memory per request would break.
    for (const trend of [a, b]) expect(trend.peakMiB).toBeLessThan(768);
  }, 900_000);
});
