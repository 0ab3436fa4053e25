import type { ApiKeyKind, Project } from '../../project.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { ApiKeyRepository } from '../../../ports/api-key.repository.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import { apiKeyPrefixOf } from '../../api-key-factory.js';
import { type ApiKeyAction, assertKeyMay } from '../../api-key-policy.js';
import { isKeyActive } from '../../project-view.js';

/** What the caller wants to do with the key, and the browser origin it comes from (if any). */
export interface ApiKeyRequest {
  action: ApiKeyAction;
  origin?: string;
}

export interface AuthenticatedKey {
  project: Project;
  keyKind: ApiKeyKind;
  keyPrefix: string;
  /** The project's curated-answer revision, read with the key (a chat passes it on). */
  curatedRevision: string;
}

/**
 * Resolves a presented project key: lookup by its visible prefix, constant-time comparison of
 * the HMAC, revocation and grace-period expiry; every such failure is the same `invalid_api_key`.
 * Then applies the key policy to the request (`assertKeyMay`): `origin_not_allowed` when the
 * project's allowed origins refuse it, `forbidden` for an action the key kind may not perform.
 */
export class AuthenticateApiKey {
  constructor(
    private readonly apiKeys: ApiKeyRepository,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
  ) {}

  async execute(presented: string, request: ApiKeyRequest): Promise<AuthenticatedKey> {
    // Made only when refused: an error captures its stack, and most requests are let in.
    const invalid = () => new DomainError('invalid_api_key', 'Invalid API key');
    const prefix = apiKeyPrefixOf(presented);
    if (!prefix) throw invalid();
    const found = await this.apiKeys.findByPrefixWithProject(prefix);
    const key = found?.key;
    const matches = key
      ? this.hasher.matches(presented, key.keyHash)
      : this.hasher.matches(presented, '0'.repeat(64));
    if (!found || !key || !matches || !isKeyActive(key, this.clock.now())) throw invalid();
    const { project } = found;
    assertKeyMay(project, key.kind, request);
    return { project, keyKind: key.kind, keyPrefix: key.prefix, curatedRevision: found.curatedRevision };
  }
}
