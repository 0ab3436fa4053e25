import type { DocumentSummary, IntakeOptions } from '@chatbuddy/core';
import type { RequestState } from '../routing/state.js';
import type { Context } from 'koa';

/**
 * Whether a `Prefer` header (RFC 7240) asks for `respond-async`: preferences are separated by
 * commas, each a token with an optional value and parameters after `;`; names are
 * case-insensitive and quoted values may hold commas.
 */
export function prefersRespondAsync(header: string | undefined): boolean {
  if (!header) return false;
  return splitOutsideQuotes(header, ',').some((preference) => {
    const [nameAndValue = ''] = splitOutsideQuotes(preference, ';');
    const name = nameAndValue.split('=')[0]!.trim().toLowerCase();
    return name === 'respond-async';
  });
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\\' && quoted) i += 1;
    else if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * The intake options of an upload: `respondAsync` as the client prefers, and, while it waits for
 * room in the background indexing, its slot of the uploads' lane given back, so that other
 * projects' uploads are not held up behind one project's backlog.
 */
export function asyncOptions(ctx: Context): IntakeOptions {
  const respondAsync = prefersRespondAsync(ctx.get('prefer'));
  const { releaseSlot } = ctx.state as RequestState;
  return respondAsync && releaseSlot ? { respondAsync, beforeWaiting: releaseSlot } : { respondAsync };
}

/**
 * The answer of a request that indexes a document: `indexed` (`201` for an upload, `200` for a
 * replacement or a reindex) once indexed or failed, `202` while it is still being indexed.
 */
export function indexingAnswer(
  document: DocumentSummary,
  indexed = 201,
): {
  status: number;
  body: { document: DocumentSummary };
} {
  const indexing = document.status === 'pending' || document.status === 'indexing';
  return { status: indexing ? 202 : indexed, body: { document } };
}

/** An upload's answer: `201` once indexed (or failed), `202` while it is still being indexed. */
export const uploadAnswer = (document: DocumentSummary) => indexingAnswer(document, 201);

/** A `202` answer says the preference was applied and where the document's status is read. */
export function describeAsyncAnswer(ctx: Context): void {
  if (ctx.status !== 202) return;
  const { document } = ctx.body as { document: { id: string } };
  ctx.set('Preference-Applied', 'respond-async');
  ctx.set('Location', `/documents/${document.id}`);
}
