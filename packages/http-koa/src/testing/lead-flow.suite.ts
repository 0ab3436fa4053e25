import { ConversationRepository } from '@chatbuddy/core';
import type { Persistence } from '@chatbuddy/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeadFlowWorld, privacyNotice, startLeadFlowWorld } from './lead-flow.world.js';

const minute = 60_000;

/** The lead-capture flow over HTTP, on the fakes or on the given database. */
export function leadFlowSuite(name: string, openPersistence?: () => Promise<Persistence>): void {
  describe(`lead-capture flow over HTTP: ${name}`, () => {
    let world: LeadFlowWorld;
    let persistence: Persistence | undefined;

    beforeAll(async () => {
      persistence = await openPersistence?.();
      world = await startLeadFlowWorld(persistence);
    }, 180_000);
    afterAll(async () => {
      await world?.server.stop();
      await persistence?.close();
    });

    it('asks name, email and code before answering from the knowledge base, with nothing reaching a model before', async () => {
      const { post, acme, ports } = world;
      const key = acme.publishableKey;
      const traffic = world.modelTraffic();
      const start = await post('/assistant/chat', key, {});
      expect(start.status).toBe(200);
      expect(start.body).toMatchObject({ state: 'awaiting_name', sessionId: expect.any(String) });
      expect(start.body.reply).toContain(privacyNotice);
      expect(start.body.reply).toContain('asks for your name and email address so it can follow up');
      const sessionId = start.body.sessionId;
      const named = await post('/assistant/chat', key, { sessionId, message: '  Jane   Doe ' });
      expect(named.body).toMatchObject({
        state: 'awaiting_email',
        reply: expect.stringContaining('Jane Doe'),
      });
      const wrong = await post('/assistant/chat', key, { sessionId, message: 'jane at example' });
      expect(wrong.body).toMatchObject({
        state: 'awaiting_email',
        reply: expect.stringContaining('needs a name, an @'),
      });
      const sent = await post('/assistant/chat', key, { sessionId, message: ' Jane@Example.COM ' });
      expect(sent.body).toMatchObject({
        state: 'awaiting_otp',
        reply: expect.stringContaining('jane@example.com'),
      });
      const mail = ports.mailer.lastTo('jane@example.com')!;
      expect(mail.subject).toMatch(/^Your code for Acme: \d{6}$/);
      expect(mail.text).toContain('Acme');
      const chatty = await post('/assistant/chat', key, { sessionId, message: 'When are refunds paid?' });
      expect(chatty.body).toMatchObject({
        state: 'awaiting_otp',
        reply: expect.stringContaining('6-digit code'),
      });
      const code = world.lastCode('jane@example.com');
      const bad = await post('/assistant/verify-otp', key, {
        sessionId,
        otp: code === '000000' ? '000001' : '000000',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'otp_invalid', details: { attemptsRemaining: 4 } });
      expect(world.modelTraffic()).toBe(traffic);
      const verified = await post('/assistant/verify-otp', key, { sessionId, otp: code });
      expect(verified.body).toMatchObject({ state: 'ready', reply: expect.stringContaining('Jane Doe') });
      await world.listeners.idle();
      expect(world.verified.at(-1)).toMatchObject({
        sessionId,
        firstVerification: true,
        lead: { email: 'jane@example.com' },
      });
      // The project's owner hears about the new lead.
      await expect
        .poll(() => ports.mailer.sent.filter((sent) => sent.tag === 'lead_verified').length)
        .toBe(1);
      const first = await post('/assistant/chat', key, { sessionId, message: 'When are refunds paid?' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ state: 'ready', answered: true, messagesRemaining: 1 });
      expect(first.body.reply).toContain('14 days');
      expect(first.body.sources[0]).toMatchObject({ title: 'Acme facts' });
      const second = await post('/assistant/chat', key, { sessionId, message: 'Who founded Acme?' });
      expect(second.body).toMatchObject({ conversationId: first.body.conversationId, messagesRemaining: 0 });
      const third = await post('/assistant/chat', key, { sessionId, message: 'And refunds?' });
      expect(third.status).toBe(429);
      expect(third.body.error).toMatchObject({
        code: 'lead_message_limit_reached',
        details: { limit: 2, used: 2 },
      });
      expect(third.body.error.message).toContain('You have used all 2 answers');
      const messages = await world.server.request(`/conversations/${first.body.conversationId}/messages`, {
        headers: { 'x-api-key': acme.apiKey },
      });
      expect(messages.body.items).toHaveLength(4);
      const conversations = world.server.runtime.get<ConversationRepository>(ConversationRepository);
      const conversation = await conversations.findById(acme.project.id, first.body.conversationId);
      expect(conversation?.sessionId).toBe(sessionId);
    });

    it('refuses an expired code, and too many wrong codes kill it', async () => {
      const { post, acme, ports } = world;
      const key = acme.publishableKey;
      const late = await world.toCode('late@example.com');
      ports.clock.advance(11 * minute);
      const expired = await post('/assistant/verify-otp', key, {
        sessionId: late,
        otp: world.lastCode('late@example.com'),
      });
      expect(expired.status).toBe(400);
      expect(expired.body.error.code).toBe('otp_expired');
      const guessed = await world.toCode('guess@example.com');
      const code = world.lastCode('guess@example.com');
      const wrong = code === '111111' ? '222222' : '111111';
      const answers = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        answers.push(
          (await post('/assistant/verify-otp', key, { sessionId: guessed, otp: wrong })).body.error.code,
        );
      }
      expect(answers).toEqual([
        'otp_invalid',
        'otp_invalid',
        'otp_invalid',
        'otp_invalid',
        'otp_attempts_exceeded',
      ]);
      const right = await post('/assistant/verify-otp', key, { sessionId: guessed, otp: code });
      expect(right.status).toBe(400);
      expect(right.body.error.code).toBe('otp_invalid');
    });

    it('throttles resends to one a minute and five an hour; a resent code replaces the old one', async () => {
      const { post, acme, ports } = world;
      const key = acme.publishableKey;
      const sessionId = await world.toCode('resend@example.com');
      const old = world.lastCode('resend@example.com');
      const soon = await post('/assistant/resend-otp', key, { sessionId });
      expect(soon.status).toBe(429);
      expect(soon.body.error.code).toBe('rate_limited');
      expect(Number(soon.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const statuses = [];
      for (let send = 0; send < 5; send++) {
        ports.clock.advance(minute + 1000);
        statuses.push((await post('/assistant/resend-otp', key, { sessionId })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      const fresh = world.lastCode('resend@example.com');
      if (fresh !== old) {
        const stale = await post('/assistant/verify-otp', key, { sessionId, otp: old });
        expect(stale.body.error.code).toBe('otp_invalid');
      }
      const verified = await post('/assistant/verify-otp', key, { sessionId, otp: fresh });
      expect(verified.body.state).toBe('ready');
    });

    it('lets a returning visitor continue with the same lead and the allowance left', async () => {
      const { post, acme } = world;
      const key = acme.publishableKey;
      const first = await world.ready('back@example.com');
      const answer = await post('/assistant/chat', key, {
        sessionId: first,
        message: 'When are refunds paid?',
      });
      expect(answer.body.messagesRemaining).toBe(1);
      world.ports.clock.advance(2 * 3_600_000);
      const again = await world.ready(' BACK@example.com');
      await world.listeners.idle();
      expect(world.verified.at(-1)).toMatchObject({
        firstVerification: false,
        lead: { email: 'back@example.com' },
      });
      const next = await post('/assistant/chat', key, { sessionId: again, message: 'Who founded Acme?' });
      expect(next.body).toMatchObject({ messagesRemaining: 0 });
      expect(next.body.conversationId).not.toBe(answer.body.conversationId);
      const over = await post('/assistant/chat', key, { sessionId: again, message: 'Anything else?' });
      expect(over.body.error.code).toBe('lead_message_limit_reached');
    });

    it('expires idle and unknown sessions with 410 session_expired', async () => {
      const { post, acme, ports } = world;
      const key = acme.publishableKey;
      const sessionId = (await post('/assistant/chat', key, {})).body.sessionId;
      ports.clock.advance(23 * 3_600_000);
      expect((await post('/assistant/chat', key, { sessionId, message: 'Jane' })).status).toBe(200);
      ports.clock.advance(24 * 3_600_000);
      const expired = await post('/assistant/chat', key, { sessionId, message: 'jane@example.com' });
      expect(expired.status).toBe(410);
      expect(expired.body.error).toMatchObject({
        code: 'session_expired',
        message: expect.stringContaining('start again'),
      });
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const [path, body] of [
        ['/assistant/chat', { sessionId: unknown, message: 'Jane' }],
        ['/assistant/verify-otp', { sessionId: unknown, otp: '123456' }],
        ['/assistant/resend-otp', { sessionId: unknown }],
      ] as const) {
        expect((await post(path, key, body)).status).toBe(410);
      }
    });

    it('takes a publishable key only from an allowed origin', async () => {
      const { post, acme } = world;
      const allowed = await post('/assistant/chat', acme.publishableKey, {});
      expect(allowed.status).toBe(200);
      const foreign = await post(
        '/assistant/chat',
        acme.publishableKey,
        {},
        { origin: 'https://evil.example' },
      );
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.code).toBe('origin_not_allowed');
    });

    it('keeps the publishable key out of /chat while lead capture is on (no way around the flow)', async () => {
      const { post, acme, open } = world;
      const traffic = world.modelTraffic();
      const direct = await post('/chat', acme.publishableKey, { message: 'When are refunds paid?' });
      expect(direct.status).toBe(403);
      expect(direct.body.error).toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('/assistant/chat'),
      });
      expect(world.modelTraffic()).toBe(traffic);
      // The secret key (a server of the business) still asks directly, and without lead capture so does the widget's.
      expect((await post('/chat', acme.apiKey, { message: 'When are refunds paid?' })).status).toBe(200);
      expect((await post('/chat', open.publishableKey, { message: 'When are refunds paid?' })).status).toBe(
        200,
      );
    });

    it('never lets another project use a session (410 as unknown)', async () => {
      const { post, acme, other } = world;
      const sessionId = await world.toCode('tenant@example.com');
      const code = world.lastCode('tenant@example.com');
      for (const [path, body] of [
        ['/assistant/chat', { sessionId, message: code }],
        ['/assistant/verify-otp', { sessionId, otp: code }],
        ['/assistant/resend-otp', { sessionId }],
      ] as const) {
        const response = await post(path, other.apiKey, body);
        expect(response.status).toBe(410);
      }
      const own = await post('/assistant/verify-otp', acme.publishableKey, { sessionId, otp: code });
      expect(own.body.state).toBe('ready');
    });

    it('starts ready without lead steps when lead capture is off; answers count against no limit', async () => {
      const { post, open } = world;
      const start = await post('/assistant/chat', open.publishableKey, {});
      expect(start.body).toMatchObject({ state: 'ready', reply: 'Hi! Ask me anything about Open.' });
      const answer = await post('/assistant/chat', open.publishableKey, {
        sessionId: start.body.sessionId,
        message: 'When are refunds paid?',
      });
      expect(answer.body).toMatchObject({ state: 'ready', answered: true, messagesRemaining: null });
      const verify = await post('/assistant/verify-otp', open.publishableKey, {
        sessionId: start.body.sessionId,
        otp: '123456',
      });
      expect(verify.status).toBe(409);
    });
  });
}
