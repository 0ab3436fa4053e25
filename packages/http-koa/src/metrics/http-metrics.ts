import type { ChatAnswer } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus metrics of one instance (`GET /metrics`). */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status'>;
  private readonly answers: Counter<'outcome'>;
  private readonly tokens: Counter<'kind'>;

  constructor(runtime: ChatBuddy) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'chatbuddy_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'chatbuddy_http_request_duration_seconds',
      help: 'Time to answer HTTP requests (to the end of the handler; streams included), by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.answers = new Counter({
      name: 'chatbuddy_chat_answers_total',
      help: 'Chat answers given: answered from the documents or abstained ("I don\u2019t know.")',
      labelNames: ['outcome'],
      registers,
    });
    this.tokens = new Counter({
      name: 'chatbuddy_chat_tokens_total',
      help: 'Model tokens used by chat answers, prompt and completion',
      labelNames: ['kind'],
      registers,
    });
    for (const outcome of ['answered', 'abstained']) this.answers.inc({ outcome }, 0);
    for (const kind of ['prompt', 'completion']) this.tokens.inc({ kind }, 0);
    const stats = () => runtime.stats();
    new Gauge({
      name: 'chatbuddy_indexing_queue_documents',
      help: 'Documents pending or indexing in the database (all instances; counted up to 10 000)',
      registers,
      async collect() {
        this.set((await stats()).indexingQueue);
      },
    });
    new Gauge({
      name: 'chatbuddy_search_mirror_chunks',
      help: 'Chunks held in this instance\u2019s in-process search mirror',
      registers,
      async collect() {
        this.set((await stats()).searchMirrorChunks);
      },
    });
    new Gauge({
      name: 'chatbuddy_vector_outbox_vectors',
      help: 'Vectors written to the database and not yet sent to Chroma (all instances; 0 without the outbox)',
      registers,
      async collect() {
        this.set((await stats()).vectorOutbox);
      },
    });
    // Process figures (memory, CPU, event loop) only where metrics are served at all.
    if (runtime.config.metricsToken) collectDefaultMetrics({ register: this.registry, prefix: 'chatbuddy_' });
  }

  /** Counts one answered request; `route` is the router's pattern (never a raw path with ids). */
  recordRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  /** Counts one chat answer and its tokens. */
  recordAnswer(answer: Pick<ChatAnswer, 'answered' | 'usage'>): void {
    this.answers.inc({ outcome: answer.answered ? 'answered' : 'abstained' });
    this.tokens.inc({ kind: 'prompt' }, answer.usage.promptTokens);
    this.tokens.inc({ kind: 'completion' }, answer.usage.completionTokens);
  }
}

const byRuntime = new WeakMap<ChatBuddy, HttpMetrics>();

/** The metrics of `runtime`'s HTTP server (one set per runtime). */
export function httpMetrics(runtime: ChatBuddy): HttpMetrics {
  let metrics = byRuntime.get(runtime);
  if (!metrics) {
    metrics = new HttpMetrics(runtime);
    byRuntime.set(runtime, metrics);
  }
  return metrics;
}
