import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutgoingEmail } from '@chatbuddy/core';

/** How the fake answers the next requests. */
export type FakeResendMode = 'ok' | 'invalid' | 'rate_limited' | 'server_error' | 'hang';

export interface FakeResendServer {
  url: string;
  apiKey: string;
  mode: FakeResendMode;
  /** Emails accepted, in Resend's request shape mapped back to `OutgoingEmail`. */
  received: OutgoingEmail[];
  /** Raw request bodies and headers, for assertions on the wire format. */
  requests: Array<{ path: string; headers: IncomingMessage['headers']; body: unknown }>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * A local HTTP server on 127.0.0.1 that speaks the part of Resend's API the mailer uses
 * (`POST /emails`), with Resend's error shape `{ statusCode, name, message }`.
 */
export async function startFakeResendServer(apiKey = 're_test_key_123456'): Promise<FakeResendServer> {
  const hanging = new Set<() => void>();
  const state: FakeResendServer = {
    url: '',
    apiKey,
    mode: 'ok',
    received: [],
    requests: [],
    close: async () => {},
  };
  const server: Server = createServer(async (request, response) => {
    const text = await readBody(request);
    const body = text ? JSON.parse(text) : null;
    state.requests.push({ path: request.url ?? '', headers: request.headers, body });
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    if (request.method !== 'POST' || request.url !== '/emails') {
      return reply(404, { statusCode: 404, name: 'not_found', message: 'Not found' });
    }
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return reply(401, { statusCode: 401, name: 'invalid_api_key', message: 'API key is invalid' });
    }
    switch (state.mode) {
      case 'hang':
        hanging.add(() => response.destroy());
        return;
      case 'invalid':
        return reply(422, { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' });
      case 'rate_limited':
        return reply(
          429,
          { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests.' },
          { 'retry-after': '2' },
        );
      case 'server_error':
        return reply(500, { statusCode: 500, name: 'internal_server_error', message: 'Unexpected error' });
      default: {
        const to = Array.isArray(body.to) ? body.to[0] : body.to;
        state.received.push({ to, subject: body.subject, text: body.text, html: body.html });
        return reply(200, { id: randomUUID() });
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    for (const release of hanging) release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
