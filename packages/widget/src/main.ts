// Entry of widget.js: reads the script tag's attributes and mounts the widget once per page.
import { readConfig } from './config.js';
import { mountWidget } from './widget.js';

const script = document.currentScript as HTMLScriptElement | null;
const marker = '__chatBuddyWidget';
const scope = window as unknown as Record<string, unknown>;
if (!scope[marker]) {
  scope[marker] = true;
  const start = () => mountWidget(readConfig(script));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}
