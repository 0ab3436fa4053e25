import type { ContentHasher } from '../ports/content-hasher.port.js';

/**
 * Deterministic stand-in for the SHA-256 of `ContentHasher`: eight 32-bit multiply-xorshift lanes over the UTF-16 code
 * units, each seeded differently, give 64 hex digits. Not cryptographic, and not SHA-256 (the
 * real digest comes from the platform adapter). Never use outside tests.
 */
export class FakeContentHasher implements ContentHasher {
  hash(text: string): string {
    const lanes = Array.from(
      { length: 8 },
      (_, lane) => (0x811c9dc5 ^ Math.imul(lane + 1, 0x9e3779b9)) >>> 0,
    );
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      for (let lane = 0; lane < 8; lane++) {
        let value = Math.imul(lanes[lane]! ^ code, 0x01000193);
        value ^= value >>> 15;
        lanes[lane] = Math.imul(value, 0x85ebca6b + lane * 2) >>> 0;
      }
    }
    // Length and a final avalanche so prefixes and extensions differ in every lane.
    return lanes
      .map((value, lane) => {
        let mixed = (value ^ text.length ^ Math.imul(lane, 0x27d4eb2f)) >>> 0;
        mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
        mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
        return ((mixed ^ (mixed >>> 16)) >>> 0).toString(16).padStart(8, '0');
      })
      .join('');
  }
}
