import fc from 'fast-check';
import { expect } from 'vitest';
import { ask, curate, exportOwn, forget } from './visitor-isolation.answers.js';
import { rateForeign, rateOwn } from './visitor-isolation.feedback.js';
import { eraseOwn, type HijackStep, hijack, type Seen, visit } from './visitor-isolation.leads.js';
import { expectOwnData, type VisitorWorld } from './visitor-isolation.world.js';

const intrusions = [
  'leads',
  'leads.csv',
  'erase',
  'answers',
  'answers.csv',
  'create',
  'edit',
  'delete',
  'import',
  'erase-through-own',
  'edit-through-own',
  'delete-through-own',
] as const;
type Intrusion = (typeof intrusions)[number];

export type Operation =
  | { kind: 'visit'; tenant: number; visitor: number; verify: boolean }
  | { kind: 'hijack'; tenant: number; step: HijackStep; secret: boolean }
  | { kind: 'erase'; tenant: number }
  | { kind: 'curate'; tenant: number; topic: string; imported: boolean }
  | { kind: 'forget'; tenant: number }
  | { kind: 'ask'; tenant: number; foreign: boolean; inSession: boolean }
  | { kind: 'export'; tenant: number; what: 'leads' | 'answers' }
  | { kind: 'intrude'; tenant: number; intrusions: Intrusion[] }
  | { kind: 'rate'; tenant: number; fresh: boolean; secret: boolean; rating: 'up' | 'down' }
  | { kind: 'rate-foreign'; tenant: number };

const tenant = fc.integer({ min: 0, max: 1 });
export const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('visit' as const),
    tenant,
    visitor: fc.integer({ min: 0, max: 2 }),
    verify: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('hijack' as const),
    tenant,
    step: fc.constantFrom<HijackStep>('chat', 'verify', 'resend'),
    secret: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('erase' as const), tenant }),
  fc.record({
    kind: fc.constant('curate' as const),
    tenant,
    topic: fc.constantFrom('refund', 'shipping', 'warranty', 'gift card'),
    imported: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('forget' as const), tenant }),
  fc.record({ kind: fc.constant('ask' as const), tenant, foreign: fc.boolean(), inSession: fc.boolean() }),
  fc.record({ kind: fc.constant('export' as const), tenant, what: fc.constantFrom('leads', 'answers') }),
  fc.record({
    kind: fc.constant('intrude' as const),
    tenant,
    intrusions: fc.shuffledSubarray([...intrusions], { minLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('rate' as const),
    tenant,
    fresh: fc.boolean(),
    secret: fc.boolean(),
    rating: fc.constantFrom<'up' | 'down'>('up', 'down'),
  }),
  fc.record({ kind: fc.constant('rate-foreign' as const), tenant }),
);

const unknownId = '00000000-0000-4000-8000-000000000000';

/**
 * The owner of project `index` reaches for the other project's leads or curated answers, through
 * the other's project path or its own: always 404 (never 403), and the other's data unchanged.
 */
async function intrude(world: VisitorWorld, index: number, attempts: Intrusion[]): Promise<Seen[]> {
  const { server, tenants } = world;
  const self = tenants[index]!;
  const victim = tenants[1 - index]!;
  const leadId = [...victim.leads.values()].at(-1) ?? unknownId;
  const answerId = [...victim.answers.keys()].at(-1) ?? unknownId;
  const theirs = `/projects/${victim.projectId}`;
  const mine = `/projects/${self.projectId}`;
  const pinned = { question: `Where is the ${self.marker} office?`, answer: `Injected by ${self.marker}.` };
  const csv = `question,answer\r\n"${pinned.question}","${pinned.answer}"\r\n`;
  const requests: Record<Intrusion, [string, string, unknown?]> = {
    leads: ['GET', `${theirs}/leads`],
    'leads.csv': ['GET', `${theirs}/leads.csv`],
    erase: ['DELETE', `${theirs}/leads/${leadId}`],
    answers: ['GET', `${theirs}/answers`],
    'answers.csv': ['GET', `${theirs}/answers.csv`],
    create: ['POST', `${theirs}/answers`, pinned],
    edit: ['PATCH', `${theirs}/answers/${answerId}`, { answer: pinned.answer }],
    delete: ['DELETE', `${theirs}/answers/${answerId}`],
    import: ['POST', `${theirs}/answers/import`, { csv }],
    'erase-through-own': ['DELETE', `${mine}/leads/${leadId}`],
    'edit-through-own': ['PATCH', `${mine}/answers/${answerId}`, { answer: pinned.answer }],
    'delete-through-own': ['DELETE', `${mine}/answers/${answerId}`],
  };
  const seen: Seen[] = [];
  for (const intrusion of attempts) {
    const [method, path, json] = requests[intrusion];
    const response = await server.request(path, { method, headers: self.owner, json });
    expect(response.status, `${method} ${path}`).toBe(404);
    expect(response.body.error.code).toMatch(/^(project|lead|answer)_not_found$/);
    seen.push({ viewer: index, text: response.text });
  }
  await expectOwnData(server, victim);
  return seen;
}

/** Runs one operation; returns what each tenant was shown. */
export function run(world: VisitorWorld, op: Operation): Promise<Seen[]> {
  switch (op.kind) {
    case 'visit':
      return visit(world, op.tenant, op.visitor, op.verify);
    case 'hijack':
      return hijack(world, op.tenant, op.step, op.secret);
    case 'erase':
      return eraseOwn(world, op.tenant);
    case 'curate':
      return curate(world, op.tenant, op.topic, op.imported);
    case 'forget':
      return forget(world, op.tenant);
    case 'ask':
      return ask(world, op.tenant, op.foreign, op.inSession);
    case 'export':
      return exportOwn(world, op.tenant, op.what);
    case 'intrude':
      return intrude(world, op.tenant, op.intrusions);
    case 'rate':
      return rateOwn(world, op.tenant, op.fresh, op.secret, op.rating);
    case 'rate-foreign':
      return rateForeign(world, op.tenant);
  }
}
