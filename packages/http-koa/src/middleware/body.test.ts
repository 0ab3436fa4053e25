import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

describe('request bodies cut short', () => {
  it('treat a client that disconnects mid-body as a 4xx, not an unexpected 500', async () => {
    const lines: any[] = [];
    const server = await startTestServer({
      config: { logLevel: 'info' },
      logDestination: { write: (line) => lines.push(JSON.parse(line)) },
    });
    try {
      const { authorization } = (await signedInUser(server)).headers;
      const socket = connect(server.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /projects HTTP/1.1\r\nHost: x\r\nauthorization: ${authorization}\r\n` +
          'content-type: application/json\r\ncontent-length: 100\r\n\r\n{"name":',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const logged = lines.filter((line) => line.msg !== 'request' || line.path === '/projects');
      expect(logged.map((line) => line.msg)).toEqual(['request']);
      expect(logged[0].status).toBe(400);
      expect((await server.request('/health')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('requests Node refuses before the app', () => {
  it('are answered with the error envelope and a request id, and the connection closed', async () => {
    const server = await startTestServer();
    try {
      for (const [head, status] of [
        ['POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400],
        ['POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', 400],
        [`GET /health HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
        ['POST /chat HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\nContent-Length: 2\r\n\r\n{}', 417],
      ] as const) {
        const socket = connect(server.port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        let received = '';
        socket.on('data', (data) => {
          received += data.toString();
        });
        const closed = new Promise((resolve) => socket.once('close', resolve));
        socket.write(head);
        await closed;
        const [statusLine, ...rest] = received.split('\r\n');
        expect(statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        expect(received).toMatch(/x-request-id: [\w-]{36}/i);
        expect(received).toMatch(/x-content-type-options: nosniff/i);
        const body = JSON.parse(rest.slice(rest.indexOf('') + 1).join('\r\n'));
        expect(body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }
      expect((await server.request('/health')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
