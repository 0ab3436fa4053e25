import { renderMarkdown } from './markdown.js';
import type { StoredMessage } from './store.js';
import type { Strings } from './strings.js';
import { element } from './view.js';

export type Rate = (message: StoredMessage, rating: 'up' | 'down') => Promise<boolean>;

/** Fills an answer's bubble: safe Markdown text, its sources and the thumbs. */
export function fillAnswer(bubble: HTMLElement, message: StoredMessage, strings: Strings, rate?: Rate): void {
  bubble.replaceChildren(renderMarkdown(message.text));
  if (message.sources && message.sources.length > 0) {
    const box = element('div', 'sources');
    box.appendChild(element('h3', undefined, strings.sources));
    const list = element('ul');
    for (const source of message.sources.slice(0, 5)) {
      const item = element('li');
      item.appendChild(element('strong', undefined, source.title));
      item.appendChild(element('span', undefined, source.snippet));
      list.appendChild(item);
    }
    box.appendChild(list);
    bubble.appendChild(box);
  }
  if (message.messageId && rate) bubble.appendChild(ratingBar(message, strings, rate));
}

function ratingBar(message: StoredMessage, strings: Strings, rate: Rate): HTMLElement {
  const bar = element('div', 'rating');
  const status = element('span');
  status.setAttribute('role', 'status');
  const buttons = (['up', 'down'] as const).map((rating) => {
    const button = element('button', undefined, rating === 'up' ? '👍' : '👎');
    button.type = 'button';
    button.setAttribute('aria-label', rating === 'up' ? strings.helpful : strings.unhelpful);
    button.setAttribute('aria-pressed', String(message.rating === rating));
    button.addEventListener('click', async () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      const saved = await rate(message, rating);
      status.textContent = saved ? strings.feedbackSaved : strings.feedbackNotSaved;
    });
    return button;
  });
  bar.append(...buttons, status);
  return bar;
}

/** Appends one message to the log and returns its bubble. */
export function appendMessage(
  log: HTMLElement,
  message: StoredMessage,
  strings: Strings,
  rate?: Rate,
): HTMLElement {
  const bubble = element('div', `message ${message.role}`);
  if (message.role === 'assistant') fillAnswer(bubble, message, strings, rate);
  else bubble.textContent = message.text;
  log.appendChild(bubble);
  log.scrollTop = log.scrollHeight;
  return bubble;
}

/** A plain error in the log, with a retry button when the action can be repeated. */
export function appendError(
  log: HTMLElement,
  text: string,
  strings: Strings,
  retry?: () => void,
): HTMLElement {
  const bubble = element('div', 'message error');
  bubble.setAttribute('role', 'alert');
  bubble.appendChild(element('p', undefined, text));
  if (retry) {
    const button = element('button', 'action', strings.retry);
    button.type = 'button';
    button.addEventListener('click', () => {
      bubble.remove();
      retry();
    });
    bubble.appendChild(button);
  }
  log.appendChild(bubble);
  log.scrollTop = log.scrollHeight;
  return bubble;
}
