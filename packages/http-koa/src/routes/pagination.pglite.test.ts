import { encodeCursor } from '@chatbuddy/core';
import type { Persistence } from '@chatbuddy/runtime';
import { openTestPersistence } from '@chatbuddy/runtime/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

let persistence: Persistence;
let server: TestServer;
const routes: Array<{ path: string; headers: Record<string, string> }> = [];

beforeAll(async () => {
  persistence = await openTestPersistence();
  server = await startTestServer({ resources: { persistence } });
  const admin = await signedInUser(server, 'admin', 'admin@example.com');
  const created = await server.request('/projects', {
    method: 'POST',
    headers: admin.headers,
    json: { name: 'Paging' },
  });
  expect(created.status).toBe(201);
  const projectId = created.body.project.id;
  const key = { 'x-api-key': created.body.apiKey };
  for (const title of ['Refunds', 'Shipping', 'Warranty']) {
    const upload = await server.request('/upload-doc', {
      method: 'POST',
      headers: key,
      json: { title, content: `${title} are explained in this document.` },
    });
    expect(upload.status).toBe(201);
  }
  routes.push(
    { path: '/documents', headers: key },
    { path: '/conversations', headers: key },
    { path: '/projects', headers: admin.headers },
    { path: '/users', headers: admin.headers },
    { path: '/audit', headers: admin.headers },
    { path: `/projects/${projectId}/documents`, headers: admin.headers },
    { path: `/projects/${projectId}/leads`, headers: admin.headers },
    { path: `/projects/${projectId}/answers`, headers: admin.headers },
  );
});
afterAll(async () => {
  await server?.stop();
  await persistence?.close();
});

const base64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const page = (route: (typeof routes)[number], cursor: string) =>
  server.request(`${route.path}?limit=1&cursor=${encodeURIComponent(cursor)}`, { headers: route.headers });

/** Timestamps a cursor may be tampered with: far outside what the database stores, or not ISO. */
const timestamp = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 })
    .map((ms) => new Date(ms).toISOString()),
  fc.constantFrom(
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '10000-01-01T00:00:00.000Z',
    '2024-02-30T00:00:00.000Z',
    'Tue Jan 01 2030',
    '2030',
    '2030-01-01T00:00:00+25:00',
  ),
  fc.string({ maxLength: 40 }),
);
const id = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.constant('00000000-0000-0000-0000-000000000000'),
);
const tamperedCursor = fc.oneof(
  fc.tuple(timestamp, id).map(([createdAt, rowId]) => encodeCursor({ createdAt, id: rowId })),
  fc.jsonValue({ maxDepth: 2 }).map((value) => base64Url(JSON.stringify(value) ?? '')),
  fc
    .tuple(fc.jsonValue({ maxDepth: 1 }), fc.jsonValue({ maxDepth: 1 }))
    .map((pair) => base64Url(JSON.stringify(pair))),
  fc.string({ minLength: 1, maxLength: 60 }),
);

describe('pagination cursors on the embedded database', () => {
  it('answers 400 invalid_input, pointing at the cursor, to a cursor dated outside the stored range', async () => {
    const cursor = encodeCursor({
      createdAt: '+275760-09-13T00:00:00.000Z',
      id: '00000000-0000-4000-8000-000000000000',
    });
    for (const route of routes) {
      const response = await page(route, cursor);
      expect(response.status, `${route.path}: ${response.text.slice(0, 200)}`).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
      expect(response.body.error.details.issues[0].path).toBe('cursor');
    }
  });

  it('still pages with the cursors it hands out', async () => {
    const documents = routes[0]!;
    const first = await server.request(`${documents.path}?limit=1`, { headers: documents.headers });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await page(documents, first.body.nextCursor);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('never answers a tampered or random cursor with a server error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: routes.length - 1 }), tamperedCursor, async (index, cursor) => {
        const route = routes[index]!;
        const response = await page(route, cursor);
        expect([200, 400], `${route.path} ${cursor}: ${response.text.slice(0, 200)}`).toContain(
          response.status,
        );
        if (response.status === 400) expect(response.body.error.code).toBe('invalid_input');
      }),
      { numRuns: 150 },
    );
  });
});
