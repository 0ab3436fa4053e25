import type { ApiKeyId, Metadata, ProjectId, UserId } from '../shared/common.js';
import type { TokenLimitPeriod } from './token-budget.js';

export const modelProviders = ['local', 'openai', 'groq', 'gemini', 'ollama'] as const;
export type ModelProvider = (typeof modelProviders)[number];

export interface ModelConfig {
  /** Chat model name for the provider; the provider's default when absent. */
  model?: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** Answers a verified lead may receive in the assistant flow. */
  assistantMessageLimit?: number;
}

export interface AssistantSettings {
  /** Ask a visitor's name and verified email before chat. */
  leadCapture: boolean;
  welcomeMessage?: string;
  title?: string;
  /** Privacy notice linked in the lead-capture flow's first reply (http or https URL). */
  privacyNoticeUrl?: string;
  /** Leads and conversations inactive for this many days are deleted; absent or null: kept. */
  leadRetentionDays?: number | null;
  /** Where verified leads are announced (POST, HMAC-signed with the secret); absent or null: none. */
  leadWebhookUrl?: string | null;
  /** Shared secret of the webhook signature, set by the owner; never shown by the API. */
  leadWebhookSecret?: string;
}

export interface Project {
  id: ProjectId;
  ownerId: UserId;
  name: string;
  modelProvider: ModelProvider;
  modelConfig: ModelConfig;
  systemPrompt: string | null;
  assistant: AssistantSettings;
  /** Web origins allowed to use the project's keys from a browser; empty means any origin. */
  allowedOrigins: string[];
  /** Token budget of the project per `tokenLimitPeriod`; null means unlimited. */
  tokenLimit: number | null;
  /** Whether `tokenLimit` applies per calendar month (UTC) or to the project's lifetime. */
  tokenLimitPeriod: TokenLimitPeriod;
  /** Tokens charged over the project's lifetime (the sum of its logged tokens). */
  tokensUsed: number;
  /** Start of the UTC month `periodTokensUsed` counts; null before the first charge. */
  periodStart: Date | null;
  /** Tokens charged by logged events of the month starting at `periodStart`. */
  periodTokensUsed: number;
  /** Tokens reserved by calls still running (settled when they end). */
  tokensReserved: number;
  /** Embedding model fixed by the first indexed document; null until then. */
  embeddingModel: string | null;
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
}

export const apiKeyKinds = ['secret', 'publishable'] as const;
export type ApiKeyKind = (typeof apiKeyKinds)[number];

/** A project key; only its prefix (shown to users) and hash are stored. */
export interface ApiKey {
  id: ApiKeyId;
  projectId: ProjectId;
  kind: ApiKeyKind;
  /** Visible part, e.g. `cb_sk_1a2b3c4d`; unique, used for lookup. */
  prefix: string;
  keyHash: string;
  createdAt: Date;
  /** After this instant the key no longer works (rotation with a grace period); null: no expiry. */
  expiresAt: Date | null;
  revokedAt: Date | null;
}
