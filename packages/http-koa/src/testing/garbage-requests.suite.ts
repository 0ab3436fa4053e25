import { CreateUser } from '@chatbuddy/core';
import { type ChatBuddyConfigInput, createChatBuddy, createLogger } from '@chatbuddy/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.js';
import { garbageBody, garbageParam, garbageQuery, type Operation } from './garbage-requests.generators.js';

export interface GarbageMode {
  enabled: boolean;
  prepare(): Promise<{ config: ChatBuddyConfigInput; cleanup(): Promise<void> }>;
  numRuns: number;
}

const password = 'violet-otter-4-lamp';

/**
 * Generated garbage at every route of `/openapi.json`, through a real server on `mode`'s stores:
 * no answer is a 5xx, the process stays up, and a 4xx leaves the tenant's state (documents,
 * conversations, usage, keys, settings, leads, users) exactly as it was.
 */
export function garbageRequestsSuite(name: string, mode: GarbageMode): void {
  describe.skipIf(!mode.enabled)(`garbage at every route: ${name}`, () => {
    let server: RunningServer;
    let cleanup = async () => {};
    const world = {
      bearer: {} as Record<string, string>,
      apiKey: '',
      projectId: '',
      ids: {} as Record<string, string>,
    };

    const call = async (
      path: string,
      init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array },
    ) => {
      const response = await fetch(`${server.url}${path}`, init as RequestInit);
      const text = await response.text();
      return { status: response.status, text };
    };
    const read = async (path: string, headers: Record<string, string>) => {
      const response = await call(path, { headers });
      expect(response.status, `${path}: ${response.text.slice(0, 200)}`).toBe(200);
      return JSON.parse(response.text) as Record<string, any>;
    };
    const key = () => ({ 'x-api-key': world.apiKey });
    /** What a 4xx must not change. */
    const snapshot = async () => {
      const project = await read(`/projects/${world.projectId}`, world.bearer);
      const { updatedAt: _updated, ...projectState } = project;
      const documents = await read('/documents?limit=100', key());
      const conversations = await read('/conversations?limit=100', key());
      const usage = await read('/usage', key());
      const leads = await read(`/projects/${world.projectId}/leads?limit=100`, world.bearer);
      const users = await read('/users?limit=100', world.bearer);
      const answers = await read(`/projects/${world.projectId}/answers?limit=100`, world.bearer);
      return { projectState, documents, conversations, usage: usage.totals ?? usage, leads, users, answers };
    };

    beforeAll(async () => {
      const prepared = await mode.prepare();
      cleanup = prepared.cleanup;
      const runtime = await createChatBuddy(
        { nodeEnv: 'test', logLevel: 'silent', rateLimitPerMinute: 0, ...prepared.config },
        { logger: createLogger({ logLevel: 'silent' }) },
      );
      server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
      await runtime.get(CreateUser).execute({ email: 'admin@example.com', password, role: 'admin' });
      const login = JSON.parse(
        (
          await call('/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'admin@example.com', password }),
          })
        ).text,
      );
      world.bearer = { authorization: `Bearer ${login.accessToken}` };
      const created = JSON.parse(
        (
          await call('/projects', {
            method: 'POST',
            headers: { ...world.bearer, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Garbage target' }),
          })
        ).text,
      );
      world.projectId = created.project.id;
      world.apiKey = created.apiKey;
      const upload = JSON.parse(
        (
          await call('/upload-doc', {
            method: 'POST',
            headers: { ...key(), 'content-type': 'application/json' },
            body: JSON.stringify({
              content: 'Refunds are accepted within 30 days with a receipt.',
              title: 'Refunds',
            }),
          })
        ).text,
      );
      const chat = JSON.parse(
        (
          await call('/chat', {
            method: 'POST',
            headers: { ...key(), 'content-type': 'application/json' },
            body: JSON.stringify({ message: 'Are refunds accepted?' }),
          })
        ).text,
      );
      world.ids = {
        projectId: world.projectId,
        documentId: upload.document.id,
        conversationId: chat.conversationId,
        messageId: chat.messageId,
        userId: login.user.id,
      };
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
      await cleanup();
    });

    it('property: never a 5xx, never a crash, and a 4xx changes nothing', async () => {
      const document = JSON.parse((await call('/openapi.json', {})).text);
      const operations: Operation[] = Object.entries(document.paths).flatMap(
        ([path, methods]: [string, any]) =>
          Object.entries(methods).map(([method, operation]: [string, any]) => ({
            method,
            path,
            bearer: Boolean(operation.security?.some((entry: object) => 'bearerAuth' in entry)),
            json: Boolean(operation.requestBody?.content?.['application/json']),
            multipart: Boolean(operation.requestBody?.content?.['multipart/form-data']),
            fields: Object.keys(
              operation.requestBody?.content?.['application/json']?.schema?.properties ?? {},
            ),
          })),
      );
      expect(operations.length).toBeGreaterThan(40);
      let baseline = await snapshot();
      const counts = { requests: 0, clientErrors: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...operations).chain((operation) =>
            fc.record({
              operation: fc.constant(operation),
              body: garbageBody(operation),
              query: garbageQuery,
              // A real id is never used to DELETE: the one project must live through the run.
              params: fc.record(
                Object.fromEntries(
                  Object.entries(world.ids).map(([param, id]) => [
                    param,
                    garbageParam(operation.method === 'delete' ? '00000000-0000-4000-8000-0000000000ff' : id),
                  ]),
                ),
              ),
            }),
          ),
          async ({ operation, body, query, params }) => {
            const path = operation.path.replace(
              /\{([A-Za-z]+)\}/g,
              (_, param: string) => params[param] ?? 'x',
            );
            const hasBody = !['get', 'delete'].includes(operation.method);
            const headers: Record<string, string> = {
              ...(operation.bearer ? world.bearer : key()),
              ...(hasBody && body.contentType ? { 'content-type': body.contentType } : {}),
            };
            const response = await call(`${path}${query}`, {
              method: operation.method.toUpperCase(),
              headers,
              ...(hasBody && body.body !== undefined && { body: body.body }),
            });
            counts.requests += 1;
            const label = `${operation.method} ${path.slice(0, 120)}${query.slice(0, 60)} [${body.label}]`;
            expect(response.status, `${label}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
            if (response.status === 200 && operation.path.endsWith('/rotate-key')) {
              const rotated = JSON.parse(response.text);
              if (rotated.kind === 'secret') world.apiKey = rotated.apiKey;
            }
            const after = await snapshot();
            if (response.status >= 400) {
              counts.clientErrors += 1;
              expect(after, `${label} answered ${response.status} but changed state`).toEqual(baseline);
            }
            baseline = after;
          },
        ),
        { numRuns: mode.numRuns },
      );
      expect(counts.clientErrors).toBeGreaterThan(mode.numRuns / 2);
      expect((await call('/health', {})).status).toBe(200);
    }, 600_000);
  });
}
