// The conversation survives a reload: session and rendered messages in localStorage, keyed by the
// API URL and the key's visible prefix (never the whole key).

export interface Source {
  title: string;
  snippet: string;
}

export interface StoredMessage {
  role: 'user' | 'assistant' | 'notice';
  text: string;
  sources?: Source[];
  messageId?: string;
  conversationId?: string;
  rating?: 'up' | 'down';
}

export interface Conversation {
  sessionId: string | null;
  state: string | null;
  /** The session's start asked something (the lead flow's greeting stands in for the welcome). */
  askedFirst: boolean;
  /** The visitor has used up this conversation's answers (429 `lead_message_limit_reached`). */
  limitReached: boolean;
  messages: StoredMessage[];
}

const limit = 100;

export function storageKey(apiUrl: string, apiKey: string): string {
  return `chatbuddy:${apiUrl}:${apiKey.slice(0, 14)}`;
}

const empty = (): Conversation => ({
  sessionId: null,
  state: null,
  askedFirst: false,
  limitReached: false,
  messages: [],
});

export function loadConversation(key: string): Conversation {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return empty();
    const parsed = JSON.parse(raw) as Conversation;
    if (!parsed || !Array.isArray(parsed.messages)) return empty();
    const messages = parsed.messages.filter(
      (message) =>
        message && typeof message.text === 'string' && ['user', 'assistant', 'notice'].includes(message.role),
    );
    return {
      sessionId: typeof parsed.sessionId === 'string' ? parsed.sessionId : null,
      state: typeof parsed.state === 'string' ? parsed.state : null,
      askedFirst: parsed.askedFirst === true,
      limitReached: parsed.limitReached === true,
      messages,
    };
  } catch {
    return empty();
  }
}

export function saveConversation(key: string, conversation: Conversation): void {
  try {
    const messages = conversation.messages.filter((message) => message.role !== 'notice').slice(-limit);
    localStorage.setItem(key, JSON.stringify({ ...conversation, messages }));
  } catch {
    // Storage full or disabled: the conversation just does not survive a reload.
  }
}
