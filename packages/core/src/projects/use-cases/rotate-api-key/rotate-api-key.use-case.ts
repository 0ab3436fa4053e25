import { type AuditContext, auditEntry } from '../../../audit/index.js';
import { parseInput } from '../../../shared/validation.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../../ports/secure-random.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import { mintApiKey } from '../../api-key-factory.js';
import { type RotateKeyInput, rotateKeyInput } from './rotate-api-key.input.js';
import { type Actor, loadAccessibleProject } from '../../project-access.js';
import { isKeyActive } from '../../project-view.js';

export interface RotatedKey {
  kind: 'secret' | 'publishable';
  /** The new key, shown this once. */
  apiKey: string;
  prefix: string;
  /** When the previous key(s) stop working (now, or after the grace period). */
  previousKeysExpireAt: string;
}

/** Issues a new key of one kind; the old ones die at once or after a grace period. Audited. */
export class RotateApiKey {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly random: SecureRandom,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
  ) {}

  async execute(
    actor: Actor,
    projectId: string,
    input: RotateKeyInput = {},
    context: AuditContext = {},
  ): Promise<RotatedKey> {
    const { kind, gracePeriodSeconds } = parseInput(rotateKeyInput, input);
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + gracePeriodSeconds * 1000);
    const minted = mintApiKey(
      { ids: this.ids, random: this.random, hasher: this.hasher },
      project.id,
      kind,
      now,
    );
    await this.unitOfWork.run(async (repositories) => {
      for (const key of await repositories.apiKeys.listByProject(project.id)) {
        if (key.kind !== kind || !isKeyActive(key, now)) continue;
        const patch =
          gracePeriodSeconds === 0
            ? { revokedAt: now }
            : { expiresAt: key.expiresAt && key.expiresAt < expiresAt ? key.expiresAt : expiresAt };
        await repositories.apiKeys.update(key.id, patch);
      }
      await repositories.apiKeys.create(minted.record);
      await repositories.audit.record(
        auditEntry(
          this.ids.newId(),
          now,
          {
            action: 'api_key_rotated',
            actorId: actor.id,
            target: { type: 'project', id: project.id },
            details: { kind, prefix: minted.record.prefix, gracePeriodSeconds },
          },
          context,
        ),
      );
    });
    return {
      kind,
      apiKey: minted.plaintext,
      prefix: minted.record.prefix,
      previousKeysExpireAt: expiresAt.toISOString(),
    };
  }
}
