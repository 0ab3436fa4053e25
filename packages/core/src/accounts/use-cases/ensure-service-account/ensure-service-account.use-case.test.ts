import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import { createAuthKit } from '../../../testing/auth-kit.js';
import {
  EnsureServiceAccount,
  serviceAccountEmail,
  serviceAccountPasswordHash,
} from './ensure-service-account.use-case.js';

function setup() {
  const kit = createAuthKit();
  const ensure = new EnsureServiceAccount(kit.ports.users, kit.ports.ids, kit.ports.clock);
  return { kit, ensure };
}

describe('EnsureServiceAccount', () => {
  it('creates an active, verified, plain user on first use and returns the same id afterwards', async () => {
    const { kit, ensure } = setup();
    const id = await ensure.execute();
    const stored = await kit.ports.users.findById(id);
    expect(stored).toMatchObject({
      email: serviceAccountEmail,
      role: 'user',
      status: 'active',
      passwordHash: serviceAccountPasswordHash,
    });
    expect(stored?.emailVerifiedAt).toEqual(kit.ports.clock.now());
    expect(await ensure.execute()).toBe(id);
    expect((await kit.ports.users.list({ limit: 10 })).items).toHaveLength(1);
  });

  it('cannot log in, whatever the password', async () => {
    const { kit, ensure } = setup();
    await ensure.execute();
    for (const password of ['', '!service-account', serviceAccountPasswordHash, 'violet-otter-4-lamp'])
      await expect(kit.login.execute({ email: serviceAccountEmail, password })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
  });

  it('two first calls at once agree on one account', async () => {
    const { kit, ensure } = setup();
    const ids = await Promise.all([ensure.execute(), ensure.execute(), ensure.execute()]);
    expect(new Set(ids).size).toBe(1);
    expect((await kit.ports.users.list({ limit: 10 })).items).toHaveLength(1);
  });

  it('passes on failures other than a taken address', async () => {
    const { kit, ensure } = setup();
    kit.ports.users.create = async () => {
      throw new DomainError('dependency_unavailable', 'database down');
    };
    await expect(ensure.execute()).rejects.toMatchObject({ code: 'dependency_unavailable' });
  });
});
