import { type LeadVerified, LeadVerifiedListeners } from '@chatbuddy/core';
import type { Persistence } from '@chatbuddy/runtime';
import { expect } from 'vitest';
import { startTestServer, type TestServer } from './test-server.js';
import { ownerHeaders } from './users.js';

export const shopOrigin = 'https://shop.example';
export const privacyNotice = 'https://acme.example/privacy';

const facts = [
  '# Acme Robotics',
  'Acme Robotics was founded in 2011 in Lyon by Claire Martin.',
  '## Refunds',
  'Refunds are paid within 14 days of receiving the returned robot.',
].join('\n\n');

interface Keys {
  apiKey: string;
  publishableKey: string;
  project: { id: string };
}

/**
 * A server with three projects: Acme (lead capture, two answers per lead, one allowed origin),
 * Other (lead capture) and Open (no lead capture), each with the Acme facts.
 */
export async function startLeadFlowWorld(persistence?: Persistence) {
  const server: TestServer = await startTestServer(persistence ? { resources: { persistence } } : {});
  const { ports } = server;
  const owner = await ownerHeaders(server);
  const create = async (json: unknown): Promise<Keys> => {
    const response = await server.request('/projects', {
      method: 'POST',
      headers: owner,
      json,
    });
    expect(response.status).toBe(201);
    const upload = await server.request('/upload-doc', {
      method: 'POST',
      headers: { 'x-api-key': response.body.apiKey },
      json: { title: 'Acme facts', content: facts },
    });
    expect(upload.status).toBe(201);
    return response.body;
  };
  const assistant = { leadCapture: true, privacyNoticeUrl: privacyNotice };
  const acme = await create({
    name: 'Acme',
    assistant,
    modelConfig: { assistantMessageLimit: 2 },
    allowedOrigins: [shopOrigin],
  });
  const other = await create({ name: 'Other', assistant });
  const open = await create({ name: 'Open' });
  ports.models.chat.reply = (request) => `${request.context[0]?.text ?? ''} [S1]`;
  const verified: LeadVerified[] = [];
  const listeners = server.runtime.get(LeadVerifiedListeners);
  listeners.subscribe({ leadVerified: async (event) => void verified.push(event) });

  const post = (path: string, key: string, json: unknown, headers: Record<string, string> = {}) =>
    server.request(path, {
      method: 'POST',
      headers: { 'x-api-key': key, origin: shopOrigin, ...headers },
      json,
    });
  const lastCode = (email: string) =>
    /\b(\d{6})\b/.exec(ports.mailer.lastTo(email)?.subject ?? '')?.[1] ?? '';
  const modelTraffic = () => ports.models.chat.requests.length + ports.models.embedding.calls.length;
  /** Starts a session and gives name and email: the session awaits the code. */
  const toCode = async (email: string, key = acme.publishableKey) => {
    const start = await post('/assistant/chat', key, {});
    const sessionId: string = start.body.sessionId;
    await post('/assistant/chat', key, { sessionId, message: 'Jane' });
    const sent = await post('/assistant/chat', key, { sessionId, message: email });
    expect(sent.body.state).toBe('awaiting_otp');
    return sessionId;
  };
  /** A verified, ready session for `email`. */
  const ready = async (email: string, key = acme.publishableKey) => {
    const sessionId = await toCode(email, key);
    const verify = await post('/assistant/verify-otp', key, {
      sessionId,
      otp: lastCode(email.trim().toLowerCase()),
    });
    expect(verify.body.state).toBe('ready');
    return sessionId;
  };
  return {
    server,
    ports,
    ownerHeaders: owner,
    acme,
    other,
    open,
    verified,
    listeners,
    post,
    lastCode,
    modelTraffic,
    toCode,
    ready,
  };
}

export type LeadFlowWorld = Awaited<ReturnType<typeof startLeadFlowWorld>>;
