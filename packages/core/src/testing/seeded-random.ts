import type { SecureRandom } from '../ports/secure-random.port.js';

/** mulberry32: a small seeded generator of uint32 values (reproducible, not secure). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Reproducible numbers in [0, 1) for generated data and benchmarks. Never use for secrets. */
export function seededRandom(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

/** Seeded, reproducible stand-in for a CSPRNG (mulberry32). Never use outside tests. */
export class SeededRandom implements SecureRandom {
  private readonly nextUint32: () => number;

  constructor(seed = 42) {
    this.nextUint32 = mulberry32(seed);
  }

  token(byteLength: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const length = Math.ceil((byteLength * 4) / 3);
    let out = '';
    for (let index = 0; index < length; index++) out += alphabet[this.nextUint32() % 64];
    return out;
  }

  digits(length: number): string {
    let out = '';
    for (let index = 0; index < length; index++) out += String(this.nextUint32() % 10);
    return out;
  }
}
