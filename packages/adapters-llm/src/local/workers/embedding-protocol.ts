import type { ErrorCode } from '@chatbuddy/core';
import type { LocalEmbedderOptions, LocalEmbedderVersion } from '../local-embedder.js';

/** The options a `LocalEmbedder` was built with: the worker builds the same one. */
export type LocalEmbedderSettings = Partial<LocalEmbedderOptions> & { version?: LocalEmbedderVersion };

/** One batch to embed. */
export interface EmbeddingRequest {
  settings: LocalEmbedderSettings;
  texts: readonly string[];
}

/**
 * The worker's answer: every vector one after the other in one transferred buffer (no copy), or
 * the error the embedder threw, as plain fields (a structured clone keeps no `code` or `details`).
 */
export type EmbeddingAnswer =
  | { kind: 'vectors'; values: Float64Array }
  | { kind: 'error'; message: string; code?: ErrorCode; details?: unknown; retryable?: boolean };
