import { DomainError } from '../shared/domain-error.js';
import type { ApiKeyKind, Project } from './project.js';

/**
 * What a caller wants to do with a project key on the runtime API. Every runtime route declares
 * one; `manage_project` stands for any other secret-only operation (routes a host service adds).
 */
export const apiKeyActions = [
  'ask',
  'chat',
  'read_conversation',
  'give_feedback',
  'list_conversations',
  'read_documents',
  'manage_documents',
  'read_usage',
  'read_analytics',
  'manage_project',
] as const;
export type ApiKeyAction = (typeof apiKeyActions)[number];

/**
 * What a publishable key (the widget's, shown on public pages) may do: ask (`/chat`), chat
 * through the assistant flow (`/assistant/*`), read its conversation and rate its answers. A
 * secret key may do everything. `ask` is a question outside the lead flow: with lead capture on,
 * a publishable key asks through the flow only (`assertKeyMay`).
 */
export const publishableKeyActions: readonly ApiKeyAction[] = [
  'ask',
  'chat',
  'read_conversation',
  'give_feedback',
];

/** Whether a key of `kind` may perform `action`. */
export function keyMayPerform(kind: ApiKeyKind, action: ApiKeyAction): boolean {
  return kind === 'secret' || publishableKeyActions.includes(action);
}

/**
 * Whether a request from `origin` (empty or absent: not a browser) may use a key of `kind`.
 * A project without allowed origins accepts any. With a list, a browser origin must be listed
 * whatever the key, and a publishable key must come from a listed origin.
 */
export function isOriginAllowed(
  project: Pick<Project, 'allowedOrigins'>,
  kind: ApiKeyKind,
  origin: string | undefined,
): boolean {
  if (project.allowedOrigins.length === 0) return true;
  if (origin) return project.allowedOrigins.includes(origin);
  return kind !== 'publishable';
}

/**
 * Applies the key policy: the origin first, then the action. With the project's lead capture on,
 * a publishable key may not `ask` outside the lead flow: the key is public, and answers through
 * `/chat` would skip the name, email and message limit that the flow asks of a visitor.
 * @throws DomainError `origin_not_allowed` or `forbidden`.
 */
export function assertKeyMay(
  project: Pick<Project, 'allowedOrigins' | 'assistant'>,
  kind: ApiKeyKind,
  request: { action: ApiKeyAction; origin?: string },
): void {
  if (!isOriginAllowed(project, kind, request.origin))
    throw new DomainError('origin_not_allowed', 'This origin may not use the project key');
  if (!keyMayPerform(kind, request.action))
    throw new DomainError('forbidden', 'A publishable key can only be used to chat; use the secret key');
  if (kind === 'publishable' && request.action === 'ask' && project.assistant.leadCapture)
    throw new DomainError(
      'forbidden',
      'Lead capture is on: a publishable key chats through /assistant/chat (or use the secret key)',
    );
}
