import type { WidgetConfig } from './config.js';
import { widgetStyles } from './styles.js';

export interface View {
  host: HTMLElement;
  root: ShadowRoot;
  launcher: HTMLButtonElement;
  panel: HTMLElement;
  log: HTMLElement;
  starters: HTMLElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  inputLabel: HTMLLabelElement;
  send: HTMLButtonElement;
  close: HTMLButtonElement;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

const hostStyle: Record<string, string> = {
  display: 'block',
  position: 'static',
  visibility: 'visible',
  opacity: '1',
  'font-size': '16px',
  width: '0',
  height: '0',
  margin: '0',
  padding: '0',
  border: '0',
  transform: 'none',
  filter: 'none',
  contain: 'none',
};

/** Applies the styles: a constructable stylesheet when supported (not subject to CSP), else a <style>. */
function applyStyles(root: ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined') {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {}
  }
  root.appendChild(element('style', undefined, css));
}

const chatIcon = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';

/** Builds the launcher and the panel inside an open shadow root attached to the page. */
export function buildView(config: WidgetConfig): View {
  const { strings } = config;
  const host = element('chatbuddy-widget' as 'div');
  // Inline !important declarations beat any page stylesheet aimed at the host element.
  for (const [name, value] of Object.entries(hostStyle)) host.style.setProperty(name, value, 'important');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root, widgetStyles(config.primaryColor, config.position));
  const wrapper = element('div', 'root');

  const launcher = element('button', 'launcher');
  launcher.type = 'button';
  launcher.setAttribute('aria-label', strings.launcher);
  launcher.setAttribute('aria-expanded', 'false');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', chatIcon);
  svg.appendChild(path);
  launcher.appendChild(svg);

  const panel = element('section', 'panel');
  panel.id = 'chatbuddy-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', config.title);
  launcher.setAttribute('aria-controls', panel.id);
  const header = element('div', 'header');
  header.appendChild(element('h2', undefined, config.title));
  const close = element('button', undefined, '×');
  close.type = 'button';
  close.setAttribute('aria-label', strings.close);
  header.appendChild(close);

  const log = element('div', 'log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', strings.dialog);
  log.tabIndex = 0;
  const starters = element('div', 'starters');
  starters.setAttribute('role', 'group');
  starters.setAttribute('aria-label', strings.starters);

  const form = element('form', 'form');
  const inputLabel = element('label', 'hidden-label', strings.inputLabel);
  inputLabel.htmlFor = 'chatbuddy-input';
  const input = element('textarea');
  input.id = 'chatbuddy-input';
  input.rows = 1;
  input.placeholder = config.placeholder;
  input.maxLength = 4000;
  input.dir = 'auto';
  const send = element('button', undefined, strings.send);
  send.type = 'submit';
  form.append(inputLabel, input, send);

  panel.append(header, log, starters, form);
  wrapper.append(panel, launcher);
  root.appendChild(wrapper);
  document.documentElement.appendChild(host);
  return { host, root, launcher, panel, log, starters, form, input, inputLabel, send, close };
}

/** The elements a keyboard user can reach inside the panel, in order. */
export function focusables(panel: HTMLElement): HTMLElement[] {
  return [...panel.querySelectorAll<HTMLElement>('button, textarea, input, a[href], [tabindex="0"]')].filter(
    (candidate) => !(candidate as HTMLButtonElement).disabled && candidate.getClientRects().length > 0,
  );
}

/** Keeps Tab inside the open panel; Escape closes it. */
export function trapFocus(view: View, close: () => void): void {
  view.panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      const items = focusables(view.panel);
      const active = view.root.activeElement;
      if (event.shiftKey && active === items[0]) {
        event.preventDefault();
        items[items.length - 1]?.focus();
      } else if (!event.shiftKey && active === items[items.length - 1]) {
        event.preventDefault();
        items[0]?.focus();
      }
    }
  });
}
