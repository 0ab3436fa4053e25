export * from './providers/gemini/gemini-chat-model.js';
export * from './providers/gemini/gemini-embedder.js';
export * from './providers/groq/groq-chat-model.js';
export * from './providers/model-gateway.js';
export * from './providers/ollama/ollama-chat-model.js';
export * from './providers/ollama/ollama-embedder.js';
export * from './providers/openai/openai-chat-model.js';
export * from './providers/openai/openai-embedder.js';
export type { ProviderCallOptions } from './providers/shared/provider-caller.js';
export type { RetryOptions } from './providers/shared/retry-policy.js';
export {
  CircuitBreaker,
  type CircuitOptions,
  type CircuitState,
  type CircuitStatus,
} from './providers/shared/circuit-breaker.js';
export * from './tokens/tiktoken-counter.js';
export * from './local/extractive-answer.js';
export * from './local/local-chat-model.js';
export * from './local/local-embedder.js';
export {
  createEmbeddingWorkerPool,
  type EmbeddingWorkerOptions,
  PooledLocalEmbedder,
} from './local/workers/pooled-local-embedder.js';
export type { LocalEmbedderSettings } from './local/workers/embedding-protocol.js';
export type { WorkerPool } from './local/workers/worker-pool.js';
export * from './local/english-term-weights.js';
