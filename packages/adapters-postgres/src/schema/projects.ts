import type { AssistantSettings, Metadata, ModelConfig } from '@chatbuddy/core';
import type { Defaulted, Json, Timestamp } from './columns.js';

export interface ProjectRow {
  id: string;
  owner_id: string;
  name: string;
  model_provider: string;
  model_config: Json<ModelConfig>;
  system_prompt: string | null;
  assistant: Json<AssistantSettings>;
  allowed_origins: Json<string[]>;
  token_limit: number | null;
  token_limit_period: Defaulted<string>;
  tokens_used: Defaulted<number>;
  period_start: Timestamp | null;
  period_tokens_used: Defaulted<number>;
  tokens_reserved: Defaulted<number>;
  embedding_model: string | null;
  metadata: Json<Metadata>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ProjectsDatabase {
  projects: ProjectRow;
}
