import type { ApiKey, ApiKeyKind } from './project.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { SecretHasher } from '../ports/secret-hasher.port.js';
import type { SecureRandom } from '../ports/secure-random.port.js';

const kindTag: Record<ApiKeyKind, string> = { secret: 'sk', publishable: 'pk' };

/** Length of the visible prefix `cb_sk_` + 8 characters. */
const apiKeyPrefixLength = 14;

/** A new key: the plaintext (shown once) and the record to store (prefix + hash only). */
export interface MintedApiKey {
  plaintext: string;
  record: ApiKey;
}

/**
 * Mints a project key `cb_<sk|pk>_<8 visible chars><43 chars secret>`: 48 random visible bits
 * for lookup plus 256 secret bits. Only the prefix and an HMAC of the whole key are stored.
 */
export function mintApiKey(
  ports: { ids: IdGenerator; random: SecureRandom; hasher: SecretHasher },
  projectId: string,
  kind: ApiKeyKind,
  now: Date,
): MintedApiKey {
  const prefix = `cb_${kindTag[kind]}_${ports.random.token(6).slice(0, 8)}`;
  const plaintext = `${prefix}${ports.random.token(32)}`;
  return {
    plaintext,
    record: {
      id: ports.ids.newId(),
      projectId,
      kind,
      prefix,
      keyHash: ports.hasher.hash(plaintext),
      createdAt: now,
      expiresAt: null,
      revokedAt: null,
    },
  };
}

/** The prefix of a presented key, or null when it cannot be one of ours. */
export function apiKeyPrefixOf(presented: string): string | null {
  return /^cb_(sk|pk)_[A-Za-z0-9_-]{8}[A-Za-z0-9_-]{20,100}$/.test(presented)
    ? presented.slice(0, apiKeyPrefixLength)
    : null;
}
