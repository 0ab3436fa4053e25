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
      // Quoted text may be right-to-left (Arabic, Hebrew): each part finds its own direction.
      item.appendChild(element('strong', undefined, source.title)).dir = 'auto';
      item.appendChild(element('span', undefined, source.snippet)).dir = 'auto';
      list.appendChild(item);
    }
    box.appendChild(list);
    bubble.appendChild(box);
  }
  if (message.messageId && rate) bubble.appendChild(ratingBar(message, strings, rate));
}

const thumbPath =
  'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z';

/** A thumb icon drawn with SVG (no emoji font needed); down is the up thumb turned over. */
function thumb(down: boolean): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  if (down) svg.setAttribute('transform', 'rotate(180)');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', thumbPath);
  svg.appendChild(path);
  return svg;
}

function ratingBar(message: StoredMessage, strings: Strings, rate: Rate): HTMLElement {
  const bar = element('div', 'rating');
  const status = element('span');
  status.setAttribute('role', 'status');
  const buttons = (['up', 'down'] as const).map((rating) => {
    const button = element('button');
    button.appendChild(thumb(rating === 'down'));
    button.type = 'button';
    button.setAttribute('aria-label', rating === 'up' ? strings.helpful : strings.unhelpful);
    button.setAttribute('aria-pressed', String(message.rating === rating));
    button.dataset.rating = rating;
    button.addEventListener('click', async () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      const saved = await rate(message, rating);
      status.textContent = saved ? strings.feedbackSaved : strings.feedbackNotSaved;
      // A rating that was not saved does not stay shown as given.
      if (!saved)
        for (const other of buttons)
          other.setAttribute('aria-pressed', String(other.dataset.rating === message.rating));
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
  bubble.dir = 'auto';
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
