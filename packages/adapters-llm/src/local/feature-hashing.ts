const fnvOffsetBasis = 0x811c9dc5;

/**
 * 32-bit FNV-1a of `text` followed by the murmur3 finaliser, so every bit is well mixed. `seed` is
 * FNV's state to go on from: `hash32(b, fnvState(a))` is `hash32(a + b)`.
 */
export function hash32(text: string, seed = fnvOffsetBasis): number {
  let hash = fnvState(text, seed);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** FNV-1a's state after `text`, from `seed` (its offset basis by default), before the finaliser. */
export function fnvState(text: string, seed = fnvOffsetBasis): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Adds `weight` into `vector` at the index and with the sign that `hash` (a feature's `hash32`)
 * gives (the "hashing trick"): collisions cancel out on average instead of piling up.
 */
export function addHashed(vector: Float64Array, hash: number, weight: number): void {
  const index = hash % vector.length;
  vector[index]! += hash & 0x80000000 ? -weight : weight;
}
