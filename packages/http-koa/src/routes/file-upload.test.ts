import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingProcessErrors } from '../testing/process-errors.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

let server: TestServer;
let apiKey: string;

beforeAll(async () => {
  server = await startTestServer({ config: { maxUploadBytes: 64 * 1024 } });
  const owner = await signedInUser(server);
  apiKey = (
    await server.request('/projects', { method: 'POST', headers: owner.headers, json: { name: 'Files' } })
  ).body.apiKey;
});
afterAll(() => server.stop());

/** Sends one raw HTTP/1.1 request over a socket and returns the status and the body text. */
function rawPost(path: string, contentType: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    const head = [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      `x-api-key: ${apiKey}`,
      `Content-Type: ${contentType}`,
      `Content-Length: ${body.length}`,
      'Connection: close',
      '',
      '',
    ].join('\r\n');
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  });
}

const truncated = '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nx';

describe('multipart uploads from a hostile client', () => {
  it('answers a body that ends inside the file part with 400 and keeps serving', async () => {
    const { result, escaped } = await recordingProcessErrors(async () => {
      const response = await rawPost(
        '/upload-doc/file',
        'multipart/form-data; boundary=XX',
        Buffer.from(truncated),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      return response;
    });
    expect(escaped).toEqual([]);
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body).error.code).toBe('invalid_input');
    expect((await server.request('/health')).status).toBe(200);
  });

  it('refuses a JSON form declared in another charset with 415, as every JSON route does', async () => {
    for (const charset of ['utf-16', '"ISO-8859-1"']) {
      const refused = await server.request('/upload-doc/file', {
        method: 'POST',
        headers: { 'x-api-key': apiKey, 'content-type': `application/json; charset=${charset}` },
        body: JSON.stringify({ filename: 'a.txt', content: 'Opening hours are nine to five.' }),
      });
      expect(refused.status, charset).toBe(415);
      expect(refused.body.error.code).toBe('unsupported_media_type');
    }
    const accepted = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ filename: 'a.txt', content: 'Opening hours are nine to five.' }),
    });
    expect(accepted.status).toBe(201);
  });

  it('holds multipart names to the limits of the JSON forms (filename 255, title 200)', async () => {
    const upload = (filename: string, title: string) => {
      const form = new FormData();
      form.set('file', new Blob(['Hello there.'], { type: 'text/plain' }), filename);
      form.set('title', title);
      return server.request('/upload-doc/file', {
        method: 'POST',
        headers: { 'x-api-key': apiKey },
        body: form,
      });
    };
    for (const [filename, title] of [
      [`${'x'.repeat(300)}.txt`, 'Fine'],
      ['fine.txt', 't'.repeat(201)],
    ] as const) {
      const response = await upload(filename, title);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
  });

  it('reads a file name sent as raw UTF-8, as browsers and curl send it', async () => {
    const body = Buffer.from(
      [
        '--XX',
        'Content-Disposition: form-data; name="file"; filename="Preisliste_März_ñ.txt"',
        'Content-Type: text/plain',
        '',
        'Prices for March.',
        '--XX--',
        '',
      ].join('\r\n'),
      'utf8',
    );
    const response = await rawPost('/upload-doc/file', 'multipart/form-data; boundary=XX', body);
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body).document).toMatchObject({
      title: 'Preisliste_März_ñ.txt',
      filename: 'Preisliste_März_ñ.txt',
    });
  });

  it('property: garbage multipart bodies are always 4xx and the server stays up', async () => {
    const part = fc.record({
      name: fc.oneof(fc.constant('file'), fc.constant('metadata'), fc.string({ maxLength: 20 })),
      filename: fc.option(fc.string({ maxLength: 30 })),
      header: fc.oneof(
        { arbitrary: fc.constant(''), weight: 4 },
        { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
        { arbitrary: fc.constant(`X-Long: ${'x'.repeat(20_000)}\r\n`), weight: 1 },
      ),
      content: fc.oneof(fc.string({ maxLength: 300 }), fc.constant('{'.repeat(200))),
    });
    const body = fc.record({
      boundary: fc.oneof(fc.constant('XX'), fc.string({ minLength: 1, maxLength: 80 })),
      declared: fc.oneof(
        { arbitrary: fc.constant(null), weight: 4 },
        { arbitrary: fc.string({ maxLength: 80 }), weight: 1 },
      ),
      parts: fc.array(part, { maxLength: 30 }),
      cut: fc.nat(),
      close: fc.boolean(),
    });
    const { escaped } = await recordingProcessErrors(async () => {
      await fc.assert(
        fc.asyncProperty(body, async ({ boundary, declared, parts, cut, close }) => {
          const text =
            parts
              .map(
                (p) =>
                  `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${
                    p.filename === null ? '' : `; filename="${p.filename}"`
                  }\r\n${p.header}\r\n\r\n${p.content}\r\n`,
              )
              .join('') + (close ? `--${boundary}--\r\n` : '');
          const bytes = Buffer.from(text);
          const sent = bytes.subarray(0, cut % (bytes.length + 1) || bytes.length);
          const response = await rawPost(
            '/upload-doc/file',
            `multipart/form-data; boundary=${declared ?? boundary}`,
            sent,
          );
          expect(response.status === 201 || (response.status >= 400 && response.status < 500)).toBe(true);
          if (response.status >= 400) expect(JSON.parse(response.body).error.code).toMatch(/^[a-z_]+$/);
        }),
        { numRuns: 150 },
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(escaped).toEqual([]);
    expect((await server.request('/health')).status).toBe(200);
  });
});
