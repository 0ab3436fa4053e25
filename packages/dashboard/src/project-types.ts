// The project as the API shows it, and the keys the dashboard may remember.
export interface ProjectView {
  id: string;
  name: string;
  modelProvider: 'local' | 'openai' | 'groq' | 'gemini' | 'ollama';
  modelConfig: {
    model?: string;
    temperature?: number;
    maxOutputTokens?: number;
    assistantMessageLimit?: number;
  };
  systemPrompt: string | null;
  assistant: {
    leadCapture: boolean;
    welcomeMessage?: string;
    title?: string;
    privacyNoticeUrl?: string;
    leadRetentionDays?: number | null;
    leadWebhookUrl?: string | null;
  };
  allowedOrigins: string[];
  tokenLimit: number | null;
  tokenLimitPeriod: 'month' | 'lifetime';
  tokensUsed: number;
  embeddingModel: string | null;
  keys: {
    id: string;
    kind: 'secret' | 'publishable';
    prefix: string;
    createdAt: string;
    expiresAt: string | null;
  }[];
  createdAt: string;
  updatedAt: string;
}

export const providers = ['local', 'openai', 'groq', 'gemini', 'ollama'] as const;

/** Keys the server just issued: shown once, on the keys screen, then forgotten. */
export const issuedKeys = new Map<string, { kind: 'secret' | 'publishable'; key: string }[]>();

// Publishable keys are public by design (every page with the widget carries one), so the
// dashboard may remember the latest one to run the playground; secret keys are never stored.
const publishablePrefix = 'chatbuddy.dashboard.publishable.';

export function rememberPublishableKey(projectId: string, key: string): void {
  try {
    localStorage.setItem(publishablePrefix + projectId, key);
  } catch {
    // Storage may be disabled; the playground then asks for the key.
  }
}

export function rememberedPublishableKey(projectId: string): string | null {
  try {
    return localStorage.getItem(publishablePrefix + projectId);
  } catch {
    return null;
  }
}
