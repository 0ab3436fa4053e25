import { dontKnow } from './prompt-builder.js';

const admissions = [
  /\bI (do not|don't|dont) know\b/i,
  /\b(I'm|I am) (not sure|unable to (find|answer))\b/i,
  /\b(the|these|provided) (context|sources|documents?) (do(es)? not|don't|doesn't) (contain|mention|include|say|provide)/i,
  /\bno (information|mention) (about|of|on) (this|that|it)\b/i,
  /\bI (cannot|can't|could not|couldn't) find\b/i,
];

export interface GuardInput {
  reply: string;
  /** Texts the answer may legitimately quote (the retrieved passages). */
  allowedTexts: readonly string[];
  /** The full system prompt, which must never be echoed. */
  systemPrompt: string;
}

export interface GuardedReply {
  text: string;
  answered: boolean;
}

/** Whether a model reply admits not knowing. */
export function admitsNotKnowing(reply: string): boolean {
  const text = reply.trim();
  return text.length === 0 || admissions.some((pattern) => pattern.test(text.slice(0, 300)));
}

const urlPattern = /\bhttps?:\/\/[^\s)<>"'\]]+/gi;

/**
 * Output handling that holds even when a model obeys instructions planted in a document:
 * admissions become exactly `I don't know.`; URLs that are not in the sources (where a model
 * would smuggle data out) are removed; a reply that echoes the system prompt is withheld.
 * Nothing else is rewritten: the reply is plain text, markup included, and clients escape it.
 */
export function guardReply(input: GuardInput): GuardedReply {
  if (admitsNotKnowing(input.reply)) return { text: dontKnow, answered: false };
  if (echoesPrompt(input.reply, input.systemPrompt)) return { text: dontKnow, answered: false };
  const allowed = input.allowedTexts.join('\n');
  let text = input.reply.replace(urlPattern, (url) => (allowed.includes(url) ? url : '[link removed]'));
  text = text.replace(/(?<![ \t])[ \t]+\n/g, '\n').trim();
  if (!text) return { text: dontKnow, answered: false };
  return { text, answered: true };
}

/** True when the reply contains a long verbatim run of the system prompt. */
function echoesPrompt(reply: string, prompt: string): boolean {
  const normalise = (value: string) => value.toLowerCase().replace(/\s+/g, ' ');
  const haystack = normalise(reply);
  const words = normalise(prompt).split(' ');
  const window = 8;
  for (let start = 0; start + window <= words.length; start += 2) {
    if (haystack.includes(words.slice(start, start + window).join(' '))) return true;
  }
  return false;
}
