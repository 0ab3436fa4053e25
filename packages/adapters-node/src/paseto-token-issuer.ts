import { createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import {
  type AccessClaims,
  type AccessTokenSubject,
  type Clock,
  DomainError,
  type IssuedAccessToken,
  type TokenIssuer,
  type UserRole,
  userRoles,
} from '@chatbuddy/core';
import { PasetoError, PublicProtocol } from 'paseto';
import { PublicKeyFromCryptoKey, SecretKeyFromCryptoKey, SignFactory, VerifyFactory } from 'paseto/v4/public';

const protocol = new PublicProtocol(SignFactory, VerifyFactory);
type Keys = {
  secret: Awaited<ReturnType<typeof SecretKeyFromCryptoKey>>;
  public: Awaited<ReturnType<typeof PublicKeyFromCryptoKey>>;
};

// PKCS#8 header of a raw 32-byte Ed25519 seed (RFC 8410).
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
/** Binds tokens to their purpose: a token signed for anything else fails verification. */
const accessAssertion = new TextEncoder().encode('chatbuddy:access-token:v1');

/**
 * Derives the Ed25519 signing seed from the configured secret with HKDF-SHA256, so every
 * instance sharing the secret signs and verifies the same tokens and no key file is needed.
 */
function deriveAccessSigningSeed(secret: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secret, 'chatbuddy', 'chatbuddy access tokens v4.public ed25519', 32),
  );
}

async function importKeys(secret: string): Promise<Keys> {
  const privateKey = createPrivateKey({
    key: Buffer.concat([ed25519Pkcs8Prefix, deriveAccessSigningSeed(secret)]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicDer = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const [signing, verifying] = await Promise.all([
    // Extractable only so the library can derive the public half (Node has no SubtleCrypto.getPublicKey).
    crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']),
    crypto.subtle.importKey('spki', publicDer, { name: 'Ed25519' }, true, ['verify']),
  ]);
  return { secret: await SecretKeyFromCryptoKey(signing), public: await PublicKeyFromCryptoKey(verifying) };
}

const invalid = () => new DomainError('invalid_token', 'Invalid access token');

/**
 * PASETO v4.public access tokens (Ed25519 signatures). v4.public rather than v4.local: the
 * `paseto` library implements v4.public on the platform's Web Crypto, whereas v4.local needs
 * third-party XChaCha20/BLAKE2b code; the claims (user id, role, session id, times) are not secret, and a
 * public key lets another service verify tokens without being able to mint them.
 */
export class PasetoTokenIssuer implements TokenIssuer {
  private keys: Promise<Keys> | null = null;

  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    if (secret.length < 16) throw new Error('PasetoTokenIssuer needs a secret of at least 16 characters');
  }

  async issue(claims: AccessTokenSubject): Promise<IssuedAccessToken> {
    const keys = await this.loadKeys();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlSeconds * 1000);
    // iat and exp set here, with milliseconds: revocation compares iat with `tokensValidAfter`.
    const token = await protocol.Sign(
      keys.secret,
      {
        sub: claims.userId,
        role: claims.role,
        sid: claims.sessionId,
        iat: now.toISOString(),
        exp: expiresAt.toISOString(),
      },
      { now, implicitAssertion: accessAssertion },
    );
    return { token, expiresAt };
  }

  async verify(token: string): Promise<AccessClaims> {
    if (typeof token !== 'string' || !token.startsWith('v4.public.') || token.length > 4096) throw invalid();
    const keys = await this.loadKeys();
    let claims: Record<string, unknown>;
    try {
      ({ claims } = await protocol.Verify(keys.public, token, {
        now: this.clock.now(),
        implicitAssertion: accessAssertion,
      }));
    } catch (error) {
      if (
        error instanceof PasetoError &&
        error.code === 'ERR_PASETO_CLAIM_VALIDATION' &&
        (error as { claim?: string }).claim === 'exp'
      ) {
        throw new DomainError('token_expired', 'Access token expired');
      }
      throw invalid();
    }
    const { sub, role, sid, iat, exp } = claims;
    // No session id: a token from before sessions were carried, which nothing could revoke.
    if (typeof sub !== 'string' || typeof sid !== 'string' || !userRoles.includes(role as UserRole))
      throw invalid();
    const issuedAt = new Date(String(iat));
    const expiresAt = new Date(String(exp));
    if (Number.isNaN(issuedAt.getTime()) || Number.isNaN(expiresAt.getTime())) throw invalid();
    // The expiry instant itself is already too late (the library accepts it).
    if (expiresAt.getTime() <= this.clock.now().getTime())
      throw new DomainError('token_expired', 'Access token expired');
    return { userId: sub, role: role as UserRole, sessionId: sid, issuedAt, expiresAt };
  }

  private loadKeys(): Promise<Keys> {
    this.keys ??= importKeys(this.secret);
    return this.keys;
  }
}
