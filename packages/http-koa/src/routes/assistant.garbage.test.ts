import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeadFlowWorld, startLeadFlowWorld } from '../testing/lead-flow.world.js';
import { openApiMismatches } from '../testing/openapi-conformance.js';

let world: LeadFlowWorld;
beforeAll(async () => {
  world = await startLeadFlowWorld();
});
afterAll(() => world.server.stop());

function parseEvents(text: string) {
  return text
    .trim()
    .split('\n\n')
    .map((block) => ({
      event: /^event: (.+)$/m.exec(block)?.[1],
      data: JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? 'null'),
    }));
}

describe('assistant routes: garbage, streaming, settings, schema', () => {
  it('property: any body gets 200 or a 4xx envelope, and a refused body writes nothing', async () => {
    const { post, acme, ports } = world;
    const live = await world.toCode('garbage@example.com');
    const traffic = world.modelTraffic();
    const sessionId = fc.oneof(fc.constant(live), fc.uuid(), fc.string({ maxLength: 40 }), fc.jsonValue());
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          sessionId,
          message: fc.oneof(fc.string({ maxLength: 50 }), fc.jsonValue()),
          otp: fc.jsonValue(),
          stream: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    );
    const path = fc.constantFrom('/assistant/chat', '/assistant/verify-otp', '/assistant/resend-otp');
    await fc.assert(
      fc.asyncProperty(path, body, async (target, json) => {
        const sessions = ports.db.tables.assistantSessions.size;
        const response = await post(target, acme.apiKey, json, { accept: 'application/json' });
        expect([200, 400, 409, 410, 429]).toContain(response.status);
        if (response.status !== 200) expect(response.body.error.code).toEqual(expect.any(String));
        if (response.status === 400) expect(ports.db.tables.assistantSessions.size).toBe(sessions);
      }),
      { numRuns: 60 },
    );
    expect(world.modelTraffic()).toBe(traffic);
  });

  it('refuses an oversize or control-character message with 400 and leaves the step as it was', async () => {
    const { post, acme, ports } = world;
    const sessionId = (await post('/assistant/chat', acme.apiKey, {})).body.sessionId;
    for (const message of ['x'.repeat(4_001), 'Jane\u0000']) {
      const response = await post('/assistant/chat', acme.apiKey, { sessionId, message });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
    expect(ports.db.tables.assistantSessions.get(sessionId)?.state).toBe('awaiting_name');
  });

  it('streams a step as token + done, and an answer as tokens, sources and done', async () => {
    const { post, acme } = world;
    const sse = { accept: 'text/event-stream' };
    const start = await post('/assistant/chat', acme.publishableKey, {}, sse);
    expect(start.headers.get('content-type')).toContain('text/event-stream');
    const stepEvents = parseEvents(start.text);
    expect(stepEvents.map((event) => event.event)).toEqual(['token', 'done']);
    expect(stepEvents[1]!.data).toMatchObject({ state: 'awaiting_name' });
    const sessionId = await world.ready('stream@example.com');
    const answer = await post(
      '/assistant/chat',
      acme.publishableKey,
      { sessionId, message: 'When are refunds paid?' },
      sse,
    );
    const events = parseEvents(answer.text);
    expect(events.at(-2)?.event).toBe('sources');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { state: 'ready', messagesRemaining: 1 } });
    expect(events.filter((event) => event.event === 'token').length).toBeGreaterThan(0);
  });

  it('validates, stores and shows the privacy notice URL of a project', async () => {
    const { server, acme } = world;
    const headers = world.ownerHeaders;
    for (const url of ['javascript:alert(1)', 'not a url', `https://x.example/${'a'.repeat(2_000)}`]) {
      const refused = await server.request(`/projects/${acme.project.id}`, {
        method: 'PATCH',
        headers,
        json: { assistant: { leadCapture: true, privacyNoticeUrl: url } },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalid_input');
    }
    const url = 'https://acme.example/legal/privacy';
    const patched = await server.request(`/projects/${acme.project.id}`, {
      method: 'PATCH',
      headers,
      json: { assistant: { leadCapture: true, privacyNoticeUrl: url } },
    });
    expect(patched.status).toBe(200);
    const shown = await server.request(`/projects/${acme.project.id}`, { headers });
    expect((shown.body.project ?? shown.body).assistant).toMatchObject({
      leadCapture: true,
      privacyNoticeUrl: url,
    });
    const start = await world.post('/assistant/chat', acme.publishableKey, {});
    expect(start.body.reply).toContain(url);
  });

  it('answers match the OpenAPI document', async () => {
    expect(await openApiMismatches(world.server)).toEqual([]);
  });
});
