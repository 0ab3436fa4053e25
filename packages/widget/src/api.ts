// Talks to the Chat Buddy API: JSON calls and Server-Sent Events read with fetch and a stream reader.

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** A failed call: HTTP status (0 for a network failure), error code and Retry-After seconds. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export interface StreamHandlers {
  onToken(text: string): void;
}

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
  ) {}

  private async send(path: string, body: unknown, accept: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, 'x-api-key': this.key },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'network', 'network');
    }
    if (!response.ok) {
      const retry = Number(response.headers.get('retry-after'));
      let error: ApiErrorBody = { code: 'failed', message: '' };
      try {
        error = ((await response.json()) as { error: ApiErrorBody }).error ?? error;
      } catch {}
      throw new ApiError(response.status, error.code, error.message, Number.isFinite(retry) ? retry : null);
    }
    return response;
  }

  async json<T>(path: string, body: unknown): Promise<T> {
    return (await this.send(path, body, 'application/json')).json() as Promise<T>;
  }

  /** Posts and reads the event stream: `token` events as they come; resolves with `done`'s data. */
  async stream<T>(path: string, body: unknown, handlers: StreamHandlers): Promise<T> {
    const response = await this.send(path, body, 'text/event-stream');
    if (!(response.headers.get('content-type') ?? '').includes('text/event-stream'))
      return response.json() as Promise<T>;
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let done: T | null = null;
    const handle = (block: string) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length === 0) return;
      const payload = JSON.parse(data.join('\n'));
      if (event === 'token') handlers.onToken(String(payload.text ?? ''));
      else if (event === 'done') done = payload as T;
      else if (event === 'error') {
        const error = payload.error as ApiErrorBody & { status?: number };
        throw new ApiError(error.status ?? 500, error.code, error.message);
      }
    };
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          handle(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
        }
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(0, 'network', 'network');
    }
    if (buffer.trim()) handle(buffer);
    if (!done) throw new ApiError(0, 'network', 'network');
    return done;
  }
}
