import { z } from 'zod';
import { pageOf } from './schemas.js';

/** Response bodies of the document, conversation, usage and system routes, for the OpenAPI document. */
const timestamp = z.string().describe('ISO 8601 date and time');
const metadata = z.record(z.string(), z.json());

export const documentSummaryView = z.object({
  id: z.string(),
  projectId: z.string(),
  title: z.string(),
  contentHash: z.string(),
  mimeType: z.string(),
  filename: z.string().nullable(),
  metadata,
  status: z.enum(['pending', 'indexing', 'ready', 'failed']),
  failureReason: z.string().nullable(),
  chunkCount: z.number(),
  embeddingModel: z.string().nullable(),
  version: z.number(),
  sizeBytes: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
  indexedAt: timestamp.nullable(),
});
export const oneDocument = z.object({ document: documentSummaryView });
export const documentWithContent = z.object({
  document: documentSummaryView.extend({ content: z.string() }),
});
export const documentPage = pageOf(documentSummaryView);
export const deletedDocument = z.object({ documentId: z.string(), vectorsRemoved: z.boolean() });

const tokenUsage = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
});
export const conversationPage = pageOf(
  z.object({
    id: z.string(),
    title: z.string(),
    messageCount: z.number(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);
export const messagePage = pageOf(
  z.object({
    id: z.string(),
    role: z.enum(['user', 'assistant']),
    content: z.string(),
    sources: z.array(
      z.object({
        documentId: z.string().nullable(),
        chunkId: z.string().nullable(),
        curatedAnswerId: z.string().optional(),
        title: z.string(),
        snippet: z.string(),
        score: z.number(),
      }),
    ),
    answered: z.boolean().nullable(),
    confidence: z.number().nullable(),
    usage: tokenUsage.nullable(),
    feedback: z
      .object({ rating: z.enum(['up', 'down']), comment: z.string().nullable(), ratedAt: timestamp })
      .nullable()
      .describe('The visitor’s rating of an assistant answer; null when unrated'),
    createdAt: timestamp,
  }),
);

const totals = tokenUsage.extend({ calls: z.number() });
export const usageReport = z.object({
  totals,
  byEndpoint: z.array(totals.extend({ endpoint: z.string() })),
  daily: z.array(totals.extend({ day: z.string() })),
  tokenLimit: z.number().nullable(),
  tokensUsed: z.number(),
  tokensRemaining: z.number().nullable(),
  period: z.object({
    period: z.enum(['month', 'lifetime']),
    start: timestamp,
    end: timestamp.nullable().describe('When the budget resets; null for a lifetime budget'),
    used: z.number(),
    limit: z.number().nullable(),
    remaining: z.number().nullable(),
  }),
  since: timestamp,
  recent: z.array(
    tokenUsage.extend({
      endpoint: z.string(),
      provider: z.string(),
      model: z.string(),
      latencyMs: z.number(),
      outcome: z.string(),
      createdAt: timestamp,
    }),
  ),
});

export const integrationGuide = z.object({
  baseUrl: z.string(),
  keyPrefixes: z.array(z.object({ kind: z.enum(['secret', 'publishable']), prefix: z.string() })),
  authentication: z.string(),
  endpoints: z.array(z.object({ method: z.string(), path: z.string(), description: z.string() })),
  curlExamples: z.array(z.string()),
});

export const providerHealth = z.object({
  providers: z.array(
    z.object({
      provider: z.string(),
      configured: z.boolean(),
      reachable: z.boolean().nullable(),
      detail: z.string().optional(),
      circuit: z
        .object({
          state: z.enum(['closed', 'open', 'half_open']),
          consecutiveFailures: z.number().int(),
          retryInSeconds: z.number().int().optional(),
        })
        .optional()
        .describe('The circuit breaker: open while calls fail fast (503) after an outage'),
      embeddingModel: z.string().optional(),
      /** False when confidence borrows the local embedder's fit (docs/retrieval.md). */
      confidenceCalibrated: z.boolean().optional(),
    }),
  ),
});

export const openApiView = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .passthrough();
