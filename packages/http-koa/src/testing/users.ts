import { UserRepository } from '@chatbuddy/core';
import type { TestServer } from './test-server.js';

/**
 * Creates an active, verified user in the server's own user store (the fakes, or a database when
 * the server runs on one) and returns a bearer header for them.
 */
export async function signedInUser(
  server: TestServer,
  role: 'admin' | 'user' = 'user',
  email = `${role}-${Math.random().toString(36).slice(2)}@example.com`,
) {
  const { ports, runtime } = server;
  const at = new Date(ports.clock.now().getTime() - 1000);
  const user = await runtime.get<UserRepository>(UserRepository).create({
    id: ports.ids.newId(),
    email,
    name: 'Test User',
    passwordHash: 'fake:irrelevant',
    role,
    status: 'active',
    emailVerifiedAt: at,
    tokensValidAfter: at,
    createdAt: at,
    updatedAt: at,
  });
  const { token } = await ports.tokenIssuer.issue({ userId: user.id, role, sessionId: ports.ids.newId() });
  return { user, headers: { authorization: `Bearer ${token}` } };
}

/** A signed-in owner with a unique address, as the bearer header alone. */
export async function ownerHeaders(server: TestServer): Promise<{ authorization: string }> {
  const { headers } = await signedInUser(server, 'user', `owner-${server.ports.ids.newId()}@example.com`);
  return headers;
}

/** A new project of a new owner with one document (`content`) uploaded; returns its secret key. */
export async function projectKeyWithDocument(server: TestServer, name: string, content: string) {
  const user = await signedInUser(server);
  const { apiKey } = (
    await server.request('/projects', { method: 'POST', headers: user.headers, json: { name } })
  ).body as { apiKey: string };
  await server.request('/upload-doc', {
    method: 'POST',
    headers: { 'x-api-key': apiKey },
    json: { content },
  });
  return apiKey;
}
