import type { ApiKey, AssistantSettings, ModelConfig, ModelProvider, Project } from './project.js';

/** A key as the dashboard shows it: never the secret, never the hash. */
export interface ApiKeyView {
  id: string;
  kind: ApiKey['kind'];
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
}

/** A project as the API shows it. */
export interface ProjectView {
  id: string;
  ownerId: string;
  name: string;
  modelProvider: ModelProvider;
  modelConfig: ModelConfig;
  systemPrompt: string | null;
  assistant: AssistantSettings;
  allowedOrigins: string[];
  tokenLimit: number | null;
  tokenLimitPeriod: Project['tokenLimitPeriod'];
  tokensUsed: number;
  embeddingModel: string | null;
  keys: ApiKeyView[];
  createdAt: string;
  updatedAt: string;
}

/** Whether a key is usable at `now` (not revoked, not past its grace period). */
export function isKeyActive(key: ApiKey, now: Date): boolean {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
}

/** Assistant settings without the webhook secret, which only the owner's own copy holds. */
export function publicAssistantSettings({
  leadWebhookSecret: _secret,
  ...settings
}: AssistantSettings): AssistantSettings {
  return settings;
}

export function toProjectView(project: Project, keys: readonly ApiKey[], now: Date): ProjectView {
  return {
    id: project.id,
    ownerId: project.ownerId,
    name: project.name,
    modelProvider: project.modelProvider,
    modelConfig: project.modelConfig,
    systemPrompt: project.systemPrompt,
    assistant: publicAssistantSettings(project.assistant),
    allowedOrigins: project.allowedOrigins,
    tokenLimit: project.tokenLimit,
    tokenLimitPeriod: project.tokenLimitPeriod,
    tokensUsed: project.tokensUsed,
    embeddingModel: project.embeddingModel,
    keys: keys
      .filter((key) => isKeyActive(key, now))
      .map((key) => ({
        id: key.id,
        kind: key.kind,
        prefix: key.prefix,
        createdAt: key.createdAt.toISOString(),
        expiresAt: key.expiresAt?.toISOString() ?? null,
      })),
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  };
}
