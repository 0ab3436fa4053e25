import { expect } from 'vitest';
import type { TestServer } from './test-server.js';
import type { VisitorSession, VisitorTenant, VisitorWorld } from './visitor-isolation.world.js';

/** A response body and the tenant it was shown to. */
export interface Seen {
  viewer: number;
  text: string;
}

export type HijackStep = 'chat' | 'verify' | 'resend';

const codes = new WeakMap<VisitorSession, string>();

const post = (server: TestServer, path: string, key: string, json: unknown) =>
  server.request(path, { method: 'POST', headers: { 'x-api-key': key }, json });

const mailsTo = (server: TestServer, email: string) =>
  server.ports.mailer.sent.filter((mail) => mail.to === email).length;

/** The owner's visitor `visitor` starts a session and gives name and email; maybe verifies too. */
export async function visit(
  { server, tenants }: VisitorWorld,
  index: number,
  visitor: number,
  verify: boolean,
): Promise<Seen[]> {
  const self = tenants[index]!;
  const email = `visitor${visitor}.${self.marker}@example.com`;
  const key = self.publishableKey;
  const start = await post(server, '/assistant/chat', key, {});
  expect(start.body.state).toBe('awaiting_name');
  const sessionId: string = start.body.sessionId;
  const named = await post(server, '/assistant/chat', key, { sessionId, message: `Visitor ${visitor}` });
  const sent = await post(server, '/assistant/chat', key, { sessionId, message: email });
  expect(sent.body.state).toBe('awaiting_otp');
  const session: VisitorSession = { id: sessionId, email, state: 'awaiting_otp' };
  codes.set(session, /\b(\d{6})\b/.exec(server.ports.mailer.lastTo(email)?.subject ?? '')?.[1] ?? '');
  self.sessions.push(session);
  self.secrets.add(email);
  const found = await server.request(`/projects/${self.projectId}/leads?q=${encodeURIComponent(email)}`, {
    headers: self.owner,
  });
  expect(found.body.items).toHaveLength(1);
  const leadId: string = found.body.items[0].id;
  // A returning address continues with its lead; an erased one starts a new lead.
  if (self.leads.has(email)) expect(leadId).toBe(self.leads.get(email));
  self.leads.set(email, leadId);
  self.secrets.add(leadId);
  const seen = [start, named, sent, found].map((response) => ({ viewer: index, text: response.text }));
  if (verify) seen.push(await continueOwn(server, index, self, session));
  return seen;
}

/** The owner's own next step in the session: the code if awaited, else a question. */
async function continueOwn(
  server: TestServer,
  index: number,
  self: VisitorTenant,
  session: VisitorSession,
): Promise<Seen> {
  const key = self.publishableKey;
  if (session.state === 'awaiting_otp') {
    const verified = await post(server, '/assistant/verify-otp', key, {
      sessionId: session.id,
      otp: codes.get(session),
    });
    expect(verified.body.state).toBe('ready');
    session.state = 'ready';
    return { viewer: index, text: verified.text };
  }
  const asked = await post(server, '/assistant/chat', key, { sessionId: session.id, message: 'Hello?' });
  expect(asked.status).toBe(session.state === 'ready' ? 200 : 410);
  return { viewer: index, text: asked.text };
}

/**
 * The other project's key tries the victim's latest session: always 410 as unknown, no code
 * mailed; the session goes on for its own project as if nothing happened.
 */
export async function hijack(
  { server, tenants }: VisitorWorld,
  victim: number,
  step: HijackStep,
  secret: boolean,
): Promise<Seen[]> {
  const self = tenants[victim]!;
  const attacker = tenants[1 - victim]!;
  const session = self.sessions.at(-1);
  if (!session) return [];
  const code = codes.get(session) ?? '123456';
  const path = { chat: '/assistant/chat', verify: '/assistant/verify-otp', resend: '/assistant/resend-otp' }[
    step
  ];
  const body = { chat: { message: code }, verify: { otp: code }, resend: {} }[step];
  const mails = mailsTo(server, session.email);
  const key = secret ? attacker.secretKey : attacker.publishableKey;
  const response = await post(server, path, key, { sessionId: session.id, ...body });
  expect([404, 410]).toContain(response.status);
  expect(mailsTo(server, session.email)).toBe(mails);
  return [{ viewer: 1 - victim, text: response.text }, await continueOwn(server, victim, self, session)];
}

/** The owner erases its latest lead; that lead's sessions are gone with it. */
export async function eraseOwn({ server, tenants }: VisitorWorld, index: number): Promise<Seen[]> {
  const self = tenants[index]!;
  const [email, leadId] = [...self.leads].at(-1) ?? [];
  if (!email || !leadId) return [];
  const response = await server.request(`/projects/${self.projectId}/leads/${leadId}`, {
    method: 'DELETE',
    headers: self.owner,
  });
  expect(response.status).toBe(200);
  self.leads.delete(email);
  for (const session of self.sessions) if (session.email === email) session.state = 'erased';
  return [{ viewer: index, text: response.text }];
}
