import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeWebhookSender } from './node-webhook-sender.js';
import { isPrivateAddress } from './webhook-address.js';
import { verifyWebhookSignature, webhookSignatureHeader } from './webhook-signature.js';

interface Received {
  body: string;
  signature: string;
  contentType: string;
}

let server: Server | null = null;

/** A receiver on 127.0.0.1 answering the n-th request with `respond(n)`. */
async function receiver(respond: (attempt: number, response: ServerResponse) => void) {
  const received: Received[] = [];
  server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({
        body,
        signature: String(request.headers[webhookSignatureHeader]),
        contentType: String(request.headers['content-type']),
      });
      respond(received.length, response);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/leads`, received };
}

async function stopReceiver(): Promise<void> {
  const running = server;
  server = null;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}

afterEach(stopReceiver);

const secret = 'whsec_0123456789abcdef0123456789';
const body = {
  event: 'lead.verified',
  lead: { id: 'l1', name: 'Zoë "=1+1"' },
  project: { id: 'p1', name: 'Acme' },
};
const reply = (status: number) => (_attempt: number, response: ServerResponse) => {
  response.statusCode = status;
  response.end();
};

function sender(options: ConstructorParameters<typeof NodeWebhookSender>[0] = {}) {
  const delays: number[] = [];
  const instance = new NodeWebhookSender({
    // The receiver listens on 127.0.0.1; refusing private addresses has tests of its own.
    allowPrivateNetworks: true,
    baseDelayMs: 10,
    now: () => 1_780_000_000_000,
    sleep: async (milliseconds) => void delays.push(milliseconds),
    ...options,
  });
  return { instance, delays };
}

describe('NodeWebhookSender', () => {
  it('posts the JSON body with a signature the receiver can verify', async () => {
    const { url, received } = await receiver(reply(204));
    const { instance } = sender();
    expect(await instance.send({ url, secret, body })).toEqual({
      delivered: true,
      attempts: 1,
      responseStatus: 204,
      error: null,
    });
    expect(JSON.parse(received[0]!.body)).toEqual(body);
    expect(received[0]!.contentType).toBe('application/json');
    expect(received[0]!.signature).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, received[0]!.signature, received[0]!.body, 1_780_000_010)).toBe(
      true,
    );
    expect(
      verifyWebhookSignature('another-secret', received[0]!.signature, received[0]!.body, 1_780_000_010),
    ).toBe(false);
    expect(
      verifyWebhookSignature(secret, received[0]!.signature, `${received[0]!.body} `, 1_780_000_010),
    ).toBe(false);
    expect(verifyWebhookSignature(secret, received[0]!.signature, received[0]!.body, 1_780_001_000)).toBe(
      false,
    );
  });

  it('retries a 500 with exponential backoff until it is accepted', async () => {
    const { url, received } = await receiver((attempt, response) => {
      response.statusCode = attempt < 3 ? 500 : 200;
      response.end();
    });
    const { instance, delays } = sender();
    expect(await instance.send({ url, secret, body })).toMatchObject({ delivered: true, attempts: 3 });
    expect(received).toHaveLength(3);
    expect(delays).toEqual([10, 20]);
  });

  it('gives up after the configured number of tries and says why', async () => {
    const { url, received } = await receiver(reply(503));
    const { instance, delays } = sender({ attempts: 4 });
    expect(await instance.send({ url, secret, body })).toEqual({
      delivered: false,
      attempts: 4,
      responseStatus: 503,
      error: 'HTTP 503',
    });
    expect(received).toHaveLength(4);
    expect(delays).toEqual([10, 20, 40]);
  });

  it('does not retry a client error, and does not follow redirects', async () => {
    const { url, received } = await receiver(reply(400));
    expect(await sender().instance.send({ url, secret, body })).toMatchObject({
      delivered: false,
      attempts: 1,
    });
    expect(received).toHaveLength(1);
    await stopReceiver();
    const moved = await receiver((_attempt, response) => {
      response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    });
    expect(await sender().instance.send({ url: moved.url, secret, body })).toMatchObject({
      delivered: false,
      attempts: 1,
      responseStatus: 302,
    });
  });

  it('abandons a try that gets no answer in time, and retries it', async () => {
    const { url, received } = await receiver(() => {
      // never answers
    });
    const { instance } = sender({ attempts: 2, timeoutMs: 150 });
    const started = performance.now();
    const result = await instance.send({ url, secret, body });
    expect(result).toEqual({
      delivered: false,
      attempts: 2,
      responseStatus: null,
      error: 'no answer within 150 ms',
    });
    expect(received).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('reports a refused connection after its tries', async () => {
    const { url } = await receiver(reply(200));
    await stopReceiver();
    const result = await sender({ attempts: 2 }).instance.send({ url, secret, body });
    expect(result).toMatchObject({ delivered: false, attempts: 2, responseStatus: null });
    expect(result.error).not.toBeNull();
  });
});

describe('NodeWebhookSender and private addresses', () => {
  it('refuses this host and private networks without a request or a retry, by address or by name', async () => {
    const { url, received } = await receiver(reply(204));
    const port = new URL(url).port;
    const { instance, delays } = sender({ allowPrivateNetworks: false });
    for (const target of [
      url,
      `http://localhost:${port}/hooks/leads`,
      `http://[::ffff:127.0.0.1]:${port}/hooks/leads`,
      `http://0x7f000001:${port}/hooks/leads`,
    ]) {
      const result = await instance.send({ url: target, secret, body });
      expect(result).toMatchObject({ delivered: false, attempts: 1, responseStatus: null });
      expect(result.error).toMatch(/private address.*WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
    }
    expect(received).toEqual([]);
    expect(delays).toEqual([]);
  });

  it('tells private addresses from public ones, IPv4 and IPv6, mapped ones included', () => {
    const privateOnes = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      'not an address',
    ];
    const publicOnes = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'];
    expect(privateOnes.filter((address) => !isPrivateAddress(address))).toEqual([]);
    expect(publicOnes.filter((address) => isPrivateAddress(address))).toEqual([]);
  });
});
