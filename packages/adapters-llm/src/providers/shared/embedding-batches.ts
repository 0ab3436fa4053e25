import { DomainError } from '@chatbuddy/core';

/** Splits `texts` into request-sized batches, in order. */
export function batchesOf<T>(texts: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < texts.length; start += size) batches.push(texts.slice(start, start + size));
  return batches;
}

/**
 * Hosted embedding APIs reject empty input; a lone space embeds the "nothing" an empty chunk means
 * and keeps one vector per text, in order.
 */
export const nonEmpty = (text: string): string => (text.trim() === '' ? ' ' : text);

/**
 * Checks that a provider returned one finite vector of the declared size per text. A wrong size
 * would silently corrupt the project's vector space, so it fails the call instead.
 */
export function checkedVectors(
  provider: string,
  vectors: ReadonlyArray<readonly number[] | undefined>,
  expectedCount: number,
  dimensions: number,
): number[][] {
  if (vectors.length !== expectedCount) {
    throw new DomainError(
      'provider_error',
      `${provider} returned ${vectors.length} vectors for ${expectedCount} texts`,
    );
  }
  return vectors.map((vector) => {
    if (!vector || vector.length !== dimensions || !vector.every(Number.isFinite)) {
      throw new DomainError(
        'provider_error',
        `${provider} returned a vector of ${vector?.length ?? 0} numbers where ${dimensions} were expected; check the configured embedding dimensions`,
      );
    }
    return [...vector];
  });
}

/** Unit length, so that dot product and cosine agree (Gemini leaves reduced sizes unnormalised). */
export function normalised(vector: readonly number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm > 0 ? vector.map((value) => value / norm) : [...vector];
}
