import type { TestServer } from './test-server.js';

/** Creates an active, verified user directly in the fakes and returns a bearer header for them. */
export async function signedInUser(
  server: TestServer,
  role: 'admin' | 'user' = 'user',
  email = `${role}-${Math.random().toString(36).slice(2)}@example.com`,
) {
  const { ports } = server;
  const at = new Date(ports.clock.now().getTime() - 1000);
  const user = await ports.users.create({
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
