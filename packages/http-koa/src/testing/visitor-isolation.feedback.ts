import { expect } from 'vitest';
import type { Seen } from './visitor-isolation.leads.js';
import type { VisitorTenant, VisitorWorld } from './visitor-isolation.world.js';
import type { TestServer } from './test-server.js';

let serial = 0;

const rate = (server: TestServer, key: string, messageId: string, json: unknown) =>
  server.request(`/messages/${messageId}/feedback`, { method: 'POST', headers: { 'x-api-key': key }, json });

/** The project's analytics (by its secret key or on its dashboard), checked against its own ratings. */
async function expectOwnRatings(server: TestServer, tenant: VisitorTenant, dashboard: boolean) {
  const response = dashboard
    ? await server.request(`/projects/${tenant.projectId}/analytics?limit=100`, { headers: tenant.owner })
    : await server.request('/analytics?limit=100', { headers: { 'x-api-key': tenant.secretKey } });
  expect(response.status).toBe(200);
  const ratings = [...tenant.ratings.values()];
  expect(response.body.ratings).toEqual({
    up: ratings.filter((rating) => rating === 'up').length,
    down: ratings.filter((rating) => rating === 'down').length,
  });
  const down = [...tenant.ratings].flatMap(([messageId, rating]) => (rating === 'down' ? [messageId] : []));
  const listed = (response.body.thumbsDown as { messageId: string }[]).map((item) => item.messageId);
  expect(listed.sort()).toEqual(down.sort());
  return response.text;
}

/**
 * Project `index` is asked a question naming it (or its latest chat is reused),
 * then the answer is rated with the secret key, or with the publishable key and the conversation.
 */
export async function rateOwn(
  { server, tenants }: VisitorWorld,
  index: number,
  fresh: boolean,
  secret: boolean,
  rating: 'up' | 'down',
): Promise<Seen[]> {
  const self = tenants[index]!;
  const seen: Seen[] = [];
  if (fresh || self.chats.length === 0) {
    serial += 1;
    // With lead capture on, `/chat` takes the secret key only (the widget's key goes through the flow).
    const chat = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': self.secretKey },
      json: { message: `Does the ${self.marker} warranty ${serial} cover rust?` },
    });
    expect(chat.status).toBe(200);
    const { messageId, conversationId } = chat.body;
    self.chats.push({ messageId, conversationId });
    for (const id of [messageId, conversationId]) self.secrets.add(id);
    seen.push({ viewer: index, text: chat.text });
  }
  const { messageId, conversationId } = self.chats.at(-1)!;
  const response = secret
    ? await rate(server, self.secretKey, messageId, { rating, comment: `${self.marker} says ${rating}` })
    : await rate(server, self.publishableKey, messageId, { rating, conversationId });
  expect(response.status).toBe(200);
  expect(response.body.feedback).toMatchObject({ messageId, conversationId, rating });
  self.ratings.set(messageId, rating);
  seen.push({ viewer: index, text: response.text });
  seen.push({ viewer: index, text: await expectOwnRatings(server, self, false) });
  return seen;
}

/**
 * The keys of project `index` try to rate the other project's latest answer: by secret key with
 * or without the victim's conversation, by publishable key with the victim's conversation or its
 * own. Always 404 `message_not_found`, and the victim's ratings stay as they were.
 */
export async function rateForeign({ server, tenants }: VisitorWorld, index: number): Promise<Seen[]> {
  const self = tenants[index]!;
  const victim = tenants[1 - index]!;
  const target = victim.chats.at(-1);
  if (!target) return [];
  const own = self.chats.at(-1)?.conversationId ?? '00000000-0000-4000-8000-000000000000';
  const attempts: [string, Record<string, unknown>][] = [
    [self.secretKey, {}],
    [self.secretKey, { conversationId: target.conversationId }],
    [self.publishableKey, { conversationId: target.conversationId }],
    [self.publishableKey, { conversationId: own }],
  ];
  const seen: Seen[] = [];
  for (const [key, extra] of attempts) {
    const rating = victim.ratings.get(target.messageId) === 'down' ? 'up' : 'down';
    const response = await rate(server, key, target.messageId, { rating, ...extra });
    expect(response.status, JSON.stringify(extra)).toBe(404);
    expect(response.body.error.code).toBe('message_not_found');
    seen.push({ viewer: index, text: response.text });
  }
  await expectOwnRatings(server, victim, true);
  seen.push({ viewer: index, text: await expectOwnRatings(server, self, true) });
  return seen;
}
