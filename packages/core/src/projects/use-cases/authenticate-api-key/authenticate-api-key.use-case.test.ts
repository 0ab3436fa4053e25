import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../shared/domain-error.js';
import { createInMemoryPorts } from '../../../testing/in-memory-ports.js';
import {
  type ApiKeyAction,
  apiKeyActions,
  keyMayPerform,
  publishableKeyActions,
} from '../../api-key-policy.js';
import type { ApiKeyKind } from '../../project.js';
import { CreateProject } from '../create-project/create-project.use-case.js';
import { AuthenticateApiKey } from './authenticate-api-key.use-case.js';

const owner = { id: 'a0000000-0000-4000-8000-000000000001', role: 'user' as const };
const listed = 'https://shop.example.com';
const unlisted = 'https://evil.example.net';
const chatActions: ApiKeyAction[] = ['ask', 'chat', 'read_conversation', 'give_feedback'];

async function setup() {
  const ports = createInMemoryPorts();
  const create = new CreateProject(
    ports.unitOfWork,
    ports.ids,
    ports.random,
    ports.secretHasher,
    ports.clock,
    ports.models,
  );
  const open = await create.execute(owner, { name: 'Open' });
  const fenced = await create.execute(owner, { name: 'Fenced', allowedOrigins: [listed] });
  const gated = await create.execute(owner, { name: 'Gated', assistant: { leadCapture: true } });
  const keyOf = (project: typeof open, kind: ApiKeyKind) =>
    kind === 'secret' ? project.apiKey : project.publishableKey;
  const authenticate = new AuthenticateApiKey(ports.apiKeys, ports.secretHasher, ports.clock);
  return { open, fenced, gated, keyOf, authenticate };
}

/** The outcome the policy must give: the error code, or `ok`. */
function expected(kind: ApiKeyKind, action: ApiKeyAction, fenced: boolean, origin: string | undefined) {
  if (fenced && origin && origin !== listed) return 'origin_not_allowed';
  if (fenced && !origin && kind === 'publishable') return 'origin_not_allowed';
  if (kind === 'publishable' && !chatActions.includes(action)) return 'forbidden';
  return 'ok';
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (error: unknown) => (isDomainError(error) ? error.code : 'unexpected'),
  );
}

describe('AuthenticateApiKey policy', () => {
  it('publishable keys may chat, read their conversation and give feedback, nothing else', () => {
    expect(apiKeyActions.filter((action) => keyMayPerform('publishable', action))).toEqual(chatActions);
    expect([...publishableKeyActions].sort()).toEqual([...chatActions].sort());
    expect(apiKeyActions.every((action) => keyMayPerform('secret', action))).toBe(true);
  });

  const kinds: ApiKeyKind[] = ['secret', 'publishable'];
  const origins = [undefined, '', listed, unlisted, 'null'];
  const cases = kinds.flatMap((kind) =>
    apiKeyActions.flatMap((action) =>
      [false, true].flatMap((fenced) => origins.map((origin) => ({ kind, action, fenced, origin }))),
    ),
  );

  it.each(cases)(
    '$kind key, $action, fenced $fenced, origin "$origin"',
    async ({ kind, action, fenced, origin }) => {
      const world = await setup();
      const project = fenced ? world.fenced : world.open;
      const result = world.authenticate.execute(world.keyOf(project, kind), { action, origin });
      const want = expected(kind, action, fenced, origin);
      expect(await outcome(result)).toBe(want);
      if (want === 'ok')
        expect(await result).toMatchObject({ project: { id: project.project.id }, keyKind: kind });
    },
  );

  it('with lead capture on, a publishable key asks only through the lead flow; a secret key still asks', async () => {
    const { gated, authenticate } = await setup();
    await expect(authenticate.execute(gated.publishableKey, { action: 'ask' })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('/assistant/chat'),
    });
    for (const action of ['chat', 'read_conversation', 'give_feedback'] as const)
      await expect(authenticate.execute(gated.publishableKey, { action })).resolves.toMatchObject({
        keyKind: 'publishable',
      });
    await expect(authenticate.execute(gated.apiKey, { action: 'ask' })).resolves.toMatchObject({
      keyKind: 'secret',
    });
  });

  it('a forbidden action is refused as 403 forbidden, a refused origin as origin_not_allowed', async () => {
    const { open, fenced, authenticate } = await setup();
    await expect(
      authenticate.execute(open.publishableKey, { action: 'manage_documents' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      authenticate.execute(fenced.publishableKey, { action: 'manage_documents', origin: unlisted }),
    ).rejects.toMatchObject({ code: 'origin_not_allowed' });
  });

  it('an invalid key is invalid_api_key before any policy applies', async () => {
    const { open, authenticate } = await setup();
    await expect(
      authenticate.execute(`${open.publishableKey}x`, { action: 'manage_documents', origin: unlisted }),
    ).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('property: a publishable key never gets a non-chat action, from any origin', async () => {
    const world = await setup();
    const nonChat = apiKeyActions.filter((action) => !chatActions.includes(action));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...nonChat),
        fc.boolean(),
        fc.option(fc.oneof(fc.constant(listed), fc.webUrl(), fc.string()), { nil: undefined }),
        async (action, fencedProject, origin) => {
          const project = fencedProject ? world.fenced : world.open;
          const code = await outcome(world.authenticate.execute(project.publishableKey, { action, origin }));
          expect(['forbidden', 'origin_not_allowed']).toContain(code);
        },
      ),
      { numRuns: 100 },
    );
  });
});
