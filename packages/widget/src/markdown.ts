// A safe Markdown subset rendered with DOM calls only (createElement, textContent): paragraphs,
// lists, bold, italics, inline code and http(s) links. No text ever becomes markup.

const inlinePattern = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\n]+\*|_[^_\n]+_)|(\[[^\]\n]+\]\([^)\s]+\))/;

/** A link target the widget will open: absolute http(s) only. */
export function safeLink(target: string): string | null {
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function appendInline(parent: Node, text: string): void {
  let rest = text;
  while (rest) {
    const match = inlinePattern.exec(rest);
    if (!match) {
      parent.appendChild(document.createTextNode(rest));
      return;
    }
    if (match.index > 0) parent.appendChild(document.createTextNode(rest.slice(0, match.index)));
    const [token] = match;
    if (match[1]) {
      const code = document.createElement('code');
      code.textContent = token.slice(1, -1);
      parent.appendChild(code);
    } else if (match[2]) {
      const strong = document.createElement('strong');
      appendInline(strong, token.slice(2, -2));
      parent.appendChild(strong);
    } else if (match[3]) {
      const emphasis = document.createElement('em');
      appendInline(emphasis, token.slice(1, -1));
      parent.appendChild(emphasis);
    } else {
      const split = token.lastIndexOf('](');
      const label = token.slice(1, split);
      const href = safeLink(token.slice(split + 2, -1));
      if (href) {
        const link = document.createElement('a');
        link.href = href;
        link.rel = 'noopener noreferrer';
        link.target = '_blank';
        appendInline(link, label);
        parent.appendChild(link);
      } else parent.appendChild(document.createTextNode(label));
    }
    rest = rest.slice(match.index + token.length);
  }
}

const bullet = /^\s*[-*•]\s+(.*)$/;
const numbered = /^\s*\d+[.)]\s+(.*)$/;

/** Renders Markdown text into a fragment of safe elements. */
export function renderMarkdown(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: HTMLElement | null = null;
  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const element = document.createElement('p');
    paragraph.forEach((line, index) => {
      if (index > 0) element.appendChild(document.createElement('br'));
      appendInline(element, line);
    });
    fragment.appendChild(element);
    paragraph = [];
  };
  for (const line of lines) {
    const item = bullet.exec(line) ?? numbered.exec(line);
    if (item) {
      flushParagraph();
      const kind = bullet.test(line) ? 'UL' : 'OL';
      if (!list || list.tagName !== kind) {
        list = document.createElement(kind === 'UL' ? 'ul' : 'ol');
        fragment.appendChild(list);
      }
      const entry = document.createElement('li');
      appendInline(entry, item[1]!);
      list.appendChild(entry);
    } else if (line.trim() === '') {
      flushParagraph();
      list = null;
    } else {
      list = null;
      paragraph.push(line.replace(/^#{1,6}\s+/, ''));
    }
  }
  flushParagraph();
  return fragment;
}
