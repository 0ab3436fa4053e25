import { type ApiClient, ApiError } from './api.js';
import type { Conversation, Source, StoredMessage } from './store.js';
import type { Strings } from './strings.js';

export interface Step {
  sessionId: string;
  state: string;
  reply: string;
}
export interface Answer extends Step {
  conversationId: string;
  messageId: string;
  sources: Source[];
  answered: boolean;
}

/** What a failed call means for the visitor: a plain text, and whether trying again may help. */
export function explain(error: unknown, strings: Strings): { text: string; retry: boolean } {
  if (!(error instanceof ApiError) || error.status === 0) return { text: strings.network, retry: true };
  if (error.code === 'lead_message_limit_reached') return { text: strings.leadLimit, retry: false };
  if (error.code === 'token_limit_exceeded') return { text: strings.tokenLimit, retry: false };
  if (error.status === 429)
    return { text: strings.rateLimited.replace('{seconds}', String(error.retryAfter ?? 60)), retry: true };
  if (error.status === 403) return { text: strings.originRefused, retry: false };
  if (error.status === 400 && error.message) return { text: error.message, retry: false };
  if (error.status >= 500) return { text: strings.failed, retry: true };
  return { text: error.message || strings.failed, retry: false };
}

/** The visitor's session with the assistant: start, the lead steps, questions and feedback. */
export class Session {
  constructor(
    private readonly api: ApiClient,
    readonly conversation: Conversation,
    private readonly save: () => void,
  ) {}

  get state(): string | null {
    return this.conversation.state;
  }

  /** Starts a session when there is none; returns the flow's first reply when it asks something. */
  async start(): Promise<string | null> {
    if (this.conversation.sessionId) return null;
    const step = await this.api.json<Step>('/assistant/chat', {});
    this.conversation.sessionId = step.sessionId;
    this.conversation.state = step.state;
    this.conversation.askedFirst = step.state !== 'ready';
    this.conversation.limitReached = false;
    this.save();
    return step.state === 'ready' ? null : step.reply;
  }

  /** Forgets an expired session so the next call starts a new one. */
  reset(): void {
    this.conversation.sessionId = null;
    this.conversation.state = null;
    this.conversation.limitReached = false;
    this.save();
  }

  /** Remembers, across reloads, that this conversation's answers are used up. */
  reachLimit(): void {
    this.conversation.limitReached = true;
    this.save();
  }

  /** Sends a message (a question, or the name/email step), streaming the reply's tokens. */
  async ask(text: string, onToken: (text: string) => void): Promise<StoredMessage> {
    const result = await this.api.stream<Step | Answer>(
      '/assistant/chat',
      { sessionId: this.conversation.sessionId, message: text },
      { onToken },
    );
    this.conversation.state = result.state;
    const message: StoredMessage = { role: 'assistant', text: result.reply };
    if ('messageId' in result) {
      message.messageId = result.messageId;
      message.conversationId = result.conversationId;
      message.sources = (result.sources ?? []).map((source) => ({
        title: String(source.title),
        snippet: String(source.snippet),
      }));
    }
    return message;
  }

  async verify(code: string): Promise<StoredMessage> {
    const step = await this.api.json<Step>('/assistant/verify-otp', {
      sessionId: this.conversation.sessionId,
      otp: code.replace(/\s+/g, ''),
    });
    this.conversation.state = step.state;
    return { role: 'assistant', text: step.reply };
  }

  async resend(): Promise<StoredMessage> {
    const step = await this.api.json<Step>('/assistant/resend-otp', {
      sessionId: this.conversation.sessionId,
    });
    return { role: 'assistant', text: step.reply };
  }

  /** Rates an answer; false when it could not be saved (the route may be missing: 404). */
  async rate(message: StoredMessage, rating: 'up' | 'down'): Promise<boolean> {
    const before = message.rating;
    message.rating = rating;
    this.save();
    try {
      await this.api.json(`/messages/${encodeURIComponent(message.messageId ?? '')}/feedback`, {
        rating,
        conversationId: message.conversationId,
      });
      return true;
    } catch {
      // Not saved: the stored conversation keeps the rating the server has.
      message.rating = before;
      this.save();
      return false;
    }
  }
}
