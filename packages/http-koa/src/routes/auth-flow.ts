import type { TestServer } from '../testing/test-server.js';

/** Helpers shared by the account HTTP tests (in-memory and real databases). */
export function authClient(server: TestServer) {
  const post = (path: string, json: unknown, headers: Record<string, string> = {}) =>
    server.request(path, { method: 'POST', json, headers });
  return {
    post,
    async lastCode(email: string): Promise<string> {
      const sent = server.ports.mailer.lastTo(email);
      const match = /\b(\d{6})\b/.exec(sent?.text ?? '');
      if (!match) throw new Error(`no code was emailed to ${email}`);
      return match[1]!;
    },
    bearer: (token: string) => ({ authorization: `Bearer ${token}` }),
    /** Registers, verifies with the emailed code, and logs in; returns the login body. */
    async signUp(email: string, password = 'violet-otter-4-lamp', name = 'Jane') {
      const registered = await post('/auth/register', { email, password, name });
      if (registered.status !== 202) throw new Error(`register: ${registered.status} ${registered.text}`);
      const code = await this.lastCode(email.trim().toLowerCase());
      const verified = await post('/auth/verify-otp', { email, otp: code });
      if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${verified.text}`);
      const login = await post('/auth/login', { email, password });
      if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
      return login.body as { accessToken: string; refreshToken: string; user: { id: string; email: string } };
    },
  };
}

/** The error envelope without the per-request id, to compare two answers. */
export function withoutRequestId(body: any): unknown {
  if (!body?.error) return body;
  const { requestId: _requestId, ...error } = body.error;
  return { error };
}
