/** 32-bit FNV-1a of `text` followed by the murmur3 finaliser, so every bit is well mixed. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Adds `weight` for `feature` into `vector` at a hashed index with a hashed sign (the "hashing
 * trick"): collisions cancel out on average instead of piling up.
 */
export function addHashedFeature(vector: Float64Array, feature: string, weight: number): void {
  const hash = hash32(feature);
  const index = hash % vector.length;
  vector[index]! += hash & 0x80000000 ? -weight : weight;
}
