// Conversations: the list, and one conversation with its sources and ratings.
import { api, query, type Page } from '../api.js';
import { Pager, usePaged } from '../paging.js';
import { Alert, Empty, formatDate, Title } from '../ui.js';
import type { ProjectScreenProps } from './project-shell.js';

interface ConversationView {
  id: string;
  title: string;
  messageCount: number;
  updatedAt: string;
}

interface MessageView {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  sources: { documentId: string | null; title: string; snippet: string; score: number }[];
  answered: boolean | null;
  confidence: number | null;
  feedback: { rating: 'up' | 'down'; comment: string | null } | null;
  createdAt: string;
}

export function Conversations({ project }: ProjectScreenProps) {
  const paged = usePaged<ConversationView>(
    (cursor) =>
      api.get<Page<ConversationView>>(`/projects/${project.id}/conversations${query({ limit: 20, cursor })}`),
    [project.id],
  );
  return (
    <>
      <Title>Conversations</Title>
      <Alert error={paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && (
        <Empty>No conversations yet. Try the assistant in the playground, or wait for your visitors.</Empty>
      )}
      <ul class="rows" aria-label="Conversations">
        {paged.items.map((item) => (
          <li key={item.id} class="row">
            <div>
              <a href={`/app/projects/${project.id}/conversations/${item.id}`}>
                {item.title || 'Untitled conversation'}
              </a>
              <span class="meta">
                {item.messageCount} messages · last message {formatDate(item.updatedAt)}
              </span>
            </div>
          </li>
        ))}
      </ul>
      <Pager paged={paged} label="Conversations" />
    </>
  );
}

export function Conversation({ project, conversationId }: ProjectScreenProps & { conversationId: string }) {
  const paged = usePaged<MessageView>(
    (cursor) =>
      api.get<Page<MessageView>>(
        `/projects/${project.id}/conversations/${conversationId}/messages${query({ limit: 50, cursor })}`,
      ),
    [project.id, conversationId],
  );
  return (
    <>
      <p>
        <a href={`/app/projects/${project.id}/conversations`}>Back to conversations</a>
      </p>
      <Title>Conversation</Title>
      <Alert error={paged.error} />
      <ol class="messages">
        {paged.items.map((message) => (
          <li key={message.id} class={`message ${message.role}`}>
            <p class="who">
              {message.role === 'user' ? 'Visitor' : 'Assistant'} · {formatDate(message.createdAt)}
              {message.role === 'assistant' && message.answered === false && (
                <span class="status failed">not answered</span>
              )}
              {message.confidence !== null && (
                <span class="meta"> · confidence {(message.confidence * 100).toFixed(0)} %</span>
              )}
            </p>
            <p class="content">{message.content}</p>
            {message.feedback && (
              <p class={`rating ${message.feedback.rating}`}>
                Rated {message.feedback.rating === 'up' ? 'helpful (thumbs up)' : 'unhelpful (thumbs down)'}
                {message.feedback.comment ? `: “${message.feedback.comment}”` : ''}
              </p>
            )}
            {message.sources.length > 0 && (
              <details>
                <summary>{message.sources.length} sources</summary>
                <ul>
                  {message.sources.map((source, index) => (
                    <li key={index}>
                      <strong>{source.title}</strong> ({source.score.toFixed(2)}): {source.snippet}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
      </ol>
      <Pager paged={paged} label="Messages" />
    </>
  );
}
