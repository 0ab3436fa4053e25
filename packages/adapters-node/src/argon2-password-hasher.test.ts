import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { Argon2PasswordHasher, parseArgon2Hash } from './argon2-password-hasher.js';

const hasher = new Argon2PasswordHasher();

describe('Argon2PasswordHasher', () => {
  it('hashes with argon2id at m=19456, t=2, p=1 and a 16-byte salt, and verifies', async () => {
    const encoded = await hasher.hash('correct horse battery staple');
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify(encoded, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(encoded, 'correct horse battery stapl')).toBe(false);
    expect(await hasher.hash('correct horse battery staple')).not.toBe(encoded);
    expect(hasher.needsRehash(encoded)).toBe(false);
  });

  it('keeps every character of long Unicode passwords (no truncation)', async () => {
    const long = `${'ж'.repeat(120)}🚀🚀🚀🚀🚀🚀🚀a`;
    const encoded = await hasher.hash(long);
    expect(await hasher.verify(encoded, long)).toBe(true);
    expect(await hasher.verify(encoded, `${long.slice(0, -1)}b`)).toBe(false);
  });

  it('answers false, never throws, for malformed hashes', async () => {
    for (const bad of ['', 'hash', '$argon2id$v=19$m=19456,t=2,p=1$$', '$2b$10$abcdefghijklmnopqrstuv']) {
      expect(await hasher.verify(bad, 'password')).toBe(false);
      expect(hasher.needsRehash(bad)).toBe(true);
    }
  });

  it('asks for a rehash of hashes below policy and still verifies them', async () => {
    const weak = await hash('pass phrase', { memoryCost: 4096, timeCost: 3, parallelism: 1 });
    expect(parseArgon2Hash(weak)).toMatchObject({ memoryCost: 4096, timeCost: 3 });
    expect(hasher.needsRehash(weak)).toBe(true);
    expect(await hasher.verify(weak, 'pass phrase')).toBe(true);
    const argon2i = await hash('pass phrase', {
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
      algorithm: 1 as never,
    });
    expect(hasher.needsRehash(argon2i)).toBe(true);
  });

  it('refuses a policy below the OWASP minimum', () => {
    expect(() => new Argon2PasswordHasher({ memoryCost: 4096 })).toThrow(/OWASP/);
    expect(() => new Argon2PasswordHasher({ timeCost: 1 })).toThrow(/OWASP/);
  });

  it('a dummy verification costs about as much as a real one', async () => {
    const encoded = await hasher.hash('real password');
    await hasher.dummyVerify('warm-up');
    // Alternating rounds and medians keep a busy machine's pauses from landing on one side only.
    const real: number[] = [];
    const dummy: number[] = [];
    const timed = async (work: () => Promise<unknown>, into: number[]) => {
      const started = performance.now();
      await work();
      into.push(performance.now() - started);
    };
    for (let round = 0; round < 9; round++) {
      await timed(() => hasher.verify(encoded, 'wrong password'), real);
      await timed(() => hasher.dummyVerify('wrong password'), dummy);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratio = median(dummy) / median(real);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});
