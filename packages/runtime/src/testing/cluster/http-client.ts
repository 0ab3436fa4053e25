/** A response read whole: status, parsed JSON body (or text), headers. */
export interface Reply {
  status: number;
  /** Parsed JSON (or the text): tests read whatever the API returned. */
  body: any;
  headers: Headers;
}

export interface CallOptions {
  method?: string;
  json?: unknown;
  /** A project key, sent as `x-api-key`. */
  apiKey?: string;
  /** A dashboard access token, sent as a bearer token. */
  token?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One HTTP call to an instance; the body is parsed as JSON when it is JSON. */
export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.json === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.json !== undefined && { 'content-type': 'application/json' }),
      ...(options.apiKey && { 'x-api-key': options.apiKey }),
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    ...(options.signal && { signal: options.signal }),
  });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: response.status, body, headers: response.headers };
}

/** Logs in through the dashboard API and returns the access token. */
export async function logIn(baseUrl: string, email: string, password: string): Promise<string> {
  const reply = await call(baseUrl, '/auth/login', { json: { email, password } });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.accessToken as string;
}
