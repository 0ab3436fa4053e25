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
