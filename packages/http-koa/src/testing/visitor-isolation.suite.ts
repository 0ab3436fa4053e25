import type { Persistence } from '@chatbuddy/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiMismatches } from './openapi-conformance.js';
import { type Operation, operation, run } from './visitor-isolation.operations.js';
import { expectOwnData, startVisitorWorld, type VisitorWorld } from './visitor-isolation.world.js';

/**
 * A sequence in which every kind of step the property must cover has something to act on: a
 * foreign rating needs the other project to have rated an answer first, an aimed intrusion needs
 * the other's leads and curated answers. Random sequences alone miss one of them for some seeds
 * (57 and 718, for example: no foreign rating after an own one in all twelve runs).
 */
const covering: Operation[] = [
  { kind: 'visit', tenant: 1, visitor: 0, verify: true },
  { kind: 'curate', tenant: 1, topic: 'refund', imported: false },
  { kind: 'hijack', tenant: 1, step: 'chat', secret: false },
  { kind: 'ask', tenant: 1, foreign: false, inSession: true },
  { kind: 'export', tenant: 1, what: 'leads' },
  { kind: 'intrude', tenant: 0, intrusions: ['leads', 'answers'] },
  { kind: 'rate', tenant: 1, fresh: true, secret: false, rating: 'down' },
  { kind: 'rate-foreign', tenant: 0 },
];

/**
 * Tenant isolation of the visitor loop (lead sessions, leads, curated answers, ratings and
 * analytics) as a property over generated operation sequences of two projects, on the fakes or
 * on the given database.
 */
export function visitorIsolationSuite(
  name: string,
  options: { openPersistence?: () => Promise<Persistence>; numRuns: number },
): void {
  describe(`tenant isolation of leads, curated answers and ratings: ${name}`, () => {
    let world: VisitorWorld;
    let persistence: Persistence | undefined;

    beforeAll(async () => {
      persistence = await options.openPersistence?.();
      world = await startVisitorWorld(persistence);
    }, 180_000);
    afterAll(async () => {
      await world?.server.stop();
      await persistence?.close();
    });

    it('property: no lead, session, curated answer, rating or analytics item of one project reaches the other', async () => {
      const performed = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 4, maxLength: 14 }), async (operations) => {
          for (const op of operations) {
            const other = world.tenants[1 - op.tenant]!;
            const aimed = op.kind === 'intrude' && other.leads.size > 0 && other.answers.size > 0;
            const seen = await run(world, op);
            if (seen.length > 0) performed.set(op.kind, (performed.get(op.kind) ?? 0) + 1);
            if (aimed) performed.set('aimed intrude', (performed.get('aimed intrude') ?? 0) + 1);
            for (const { viewer, text } of seen) {
              for (const secret of world.tenants[1 - viewer]!.secrets) {
                expect(text, `${op.kind} shown to tenant ${viewer}`).not.toContain(secret);
              }
            }
          }
          for (const tenant of world.tenants) await expectOwnData(world.server, tenant);
        }),
        // The server's state carries over from run to run, so a shrunk replay would fail on the
        // damage of the failing run; the first failing sequence is reported as it is. The covering
        // sequence runs first, then `numRuns` generated ones.
        { numRuns: options.numRuns + 1, examples: [[covering]], endOnFailure: true },
      );
      for (const kind of [
        'visit',
        'hijack',
        'curate',
        'ask',
        'export',
        'aimed intrude',
        'rate',
        'rate-foreign',
      ]) {
        expect(performed.get(kind), kind).toBeGreaterThan(0);
      }
      expect(await openApiMismatches(world.server)).toEqual([]);
    });
  });
}
