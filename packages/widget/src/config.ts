import { english, languages, type Strings } from './strings.js';

export interface WidgetConfig {
  apiUrl: string;
  apiKey: string;
  title: string;
  primaryColor: string;
  position: 'left' | 'right';
  welcome: string;
  placeholder: string;
  starters: string[];
  open: boolean;
  strings: Strings;
}

const warned = new Set<string>();
/** Warns once per attribute about a value the widget ignores. */
function warn(name: string, value: string): void {
  if (warned.has(name)) return;
  warned.add(name);
  console.warn(`Chat Buddy widget: ignoring ${name}="${value}", using the default.`);
}

const colour = /^(#[0-9a-f]{3,8}|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\))$/i;

function parseStarters(value: string): string[] | null {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'))
        return parsed
          .map((item) => item.trim())
          .filter(Boolean)
          .slice(0, 6);
    } catch {
      return null;
    }
    return null;
  }
  return trimmed
    .split('|')
    .map((item) => item.trim())
    .filter(Boolean)
    .slice(0, 6);
}

function parseStrings(value: string): Partial<Strings> | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const known: Partial<Strings> = {};
    for (const [key, text] of Object.entries(parsed as Record<string, unknown>)) {
      if (Object.hasOwn(english, key) && typeof text === 'string') known[key as keyof Strings] = text;
      else return null;
    }
    return known;
  } catch {
    return null;
  }
}

/** Reads the script tag's `data-*` attributes; a bad value falls back to its default with a warning. */
export function readConfig(script: HTMLScriptElement | null): WidgetConfig {
  const read = (name: string) => script?.getAttribute(name) ?? null;
  const language = read('data-lang');
  const base = language && Object.hasOwn(languages, language.toLowerCase()) ? language.toLowerCase() : 'en';
  if (language && base !== language.toLowerCase()) warn('data-lang', language);
  const overrides = read('data-strings');
  const custom = overrides ? parseStrings(overrides) : {};
  if (overrides && !custom) warn('data-strings', overrides);
  const strings: Strings = { ...languages[base]!, ...(custom ?? {}) };

  let apiUrl = read('data-api-url') ?? '';
  try {
    const url = new URL(apiUrl || script?.src || location.href, location.href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    apiUrl = apiUrl ? url.href.replace(/\/+$/, '') : url.origin;
  } catch {
    if (apiUrl) warn('data-api-url', apiUrl);
    apiUrl = location.origin;
  }
  const color = read('data-primary-color');
  if (color && !colour.test(color.trim())) warn('data-primary-color', color);
  const position = read('data-position');
  if (position && position !== 'left' && position !== 'right') warn('data-position', position);
  const startersValue = read('data-starters');
  const starters = startersValue ? parseStarters(startersValue) : [];
  if (startersValue && !starters) warn('data-starters', startersValue);
  const open = read('data-open');
  if (open !== null && !['', 'true', 'false', 'open'].includes(open)) warn('data-open', open);
  return {
    apiUrl,
    apiKey: (read('data-api-key') ?? '').trim(),
    title: read('data-title')?.trim() || 'Chat',
    primaryColor: color && colour.test(color.trim()) ? color.trim() : '#0f766e',
    position: position === 'left' ? 'left' : 'right',
    welcome: read('data-welcome')?.trim() || strings.welcome,
    placeholder: read('data-placeholder')?.trim() || strings.placeholder,
    starters: starters ?? [],
    open: open === '' || open === 'true' || open === 'open',
    strings,
  };
}
