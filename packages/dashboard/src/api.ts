// The public HTTP API with the bearer flow: one refresh at a time, one retry after it.
import { session, type Tokens } from './session.js';

/** An API error in words, with the field each input problem belongs to. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function toError(status: number, body: any): ApiError {
  const error = body?.error;
  const fields: Record<string, string> = {};
  for (const issue of error?.details?.issues ?? []) {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '');
    if (path && !fields[path]) fields[path] = issue.message;
  }
  const message =
    error?.message ?? (status === 0 ? 'The server cannot be reached.' : `The server answered ${status}.`);
  return new ApiError(status, error?.code ?? 'unknown', message, fields);
}

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for a new pair, once even when many calls need it at the same time. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = session.refreshToken;
    if (!refreshToken) return false;
    const response = await fetch('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => null);
    if (!response?.ok) {
      if (response && response.status < 500) session.end();
      return false;
    }
    session.store((await response.json()) as Tokens);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function send(method: string, path: string, body: unknown, type: string | null): Promise<Response> {
  const headers: Record<string, string> = {};
  if (session.accessToken) headers.authorization = `Bearer ${session.accessToken}`;
  if (body !== undefined && type) headers['content-type'] = type;
  const payload =
    body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : (body as string);
  return fetch(path, { method, headers, body: payload });
}

/** Sends a request; a 401 refreshes the session once and retries. Rejects when the server is unreachable. */
async function respond(method: string, path: string, body: unknown, type: string | null): Promise<Response> {
  let response = await send(method, path, body, type).catch(() => null);
  if (response?.status === 401 && session.refreshToken && !path.startsWith('/auth/')) {
    if (await refreshSession()) response = await send(method, path, body, type).catch(() => null);
  }
  if (!response) throw toError(0, null);
  return response;
}

/** Calls the API and reads its JSON (or text) answer; an error answer rejects as `ApiError`. */
export async function call<T = any>(
  method: string,
  path: string,
  body?: unknown,
  type: string | null = 'application/json',
): Promise<T> {
  const response = await respond(method, path, body, type);
  const text = await response.text();
  const parsed = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw toError(response.status, parsed);
  return parsed as T;
}

export const api = {
  get: <T = any>(path: string) => call<T>('GET', path),
  post: <T = any>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  patch: <T = any>(path: string, body: unknown) => call<T>('PATCH', path, body),
  delete: <T = any>(path: string) => call<T>('DELETE', path),
};

/** A query string from the defined values of `params`. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Downloads an authenticated file (CSV exports) and hands it to the browser under `filename`. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await respond('GET', path, undefined, null);
  if (!response.ok) throw toError(response.status, await response.json().catch(() => null));
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const filename = named ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
