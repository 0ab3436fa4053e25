import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Context } from 'koa';

/** A built file in memory with its strong ETag. */
export interface BuiltFile {
  body: Buffer;
  etag: string;
  modified: number;
}

/** A strong ETag for `body`. */
export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/**
 * Reads a built file on demand and keeps it until it changes on disk (a rebuild), so a running
 * server serves the new build without a restart. Resolves null while the file is not built.
 */
export function builtFileLoader(locate: () => string | null): () => Promise<BuiltFile | null> {
  let cached: BuiltFile | null = null;
  return async () => {
    const path = locate();
    if (!path) return null;
    const stats = await stat(path).catch(() => null);
    if (!stats) return null;
    if (cached?.modified === stats.mtimeMs) return cached;
    const body = await readFile(path);
    cached = { body, etag: etagOf(body), modified: stats.mtimeMs };
    return cached;
  };
}

/**
 * Sends a public build artefact: strong ETag, cacheable for five minutes, 304 when the client
 * already holds this version.
 */
export function sendCacheable(ctx: Context, file: Pick<BuiltFile, 'body' | 'etag'>, type: string): void {
  ctx.set('ETag', file.etag);
  ctx.set('Cache-Control', 'public, max-age=300');
  ctx.type = type;
  // If-None-Match compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`.
  const presented = ctx
    .get('if-none-match')
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''));
  if (presented.includes(file.etag) || presented.includes('*')) {
    ctx.status = 304;
    return;
  }
  ctx.body = file.body;
}
