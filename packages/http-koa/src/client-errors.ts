import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** The status of a request Node's parser refused before it reached the app. */
function statusOf(
  code: string | undefined,
): [status: number, reason: string, errorCode: string, message: string] {
  if (code === 'HPE_HEADER_OVERFLOW')
    return [431, 'Request Header Fields Too Large', 'invalid_input', 'The request headers are too large'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT')
    return [408, 'Request Timeout', 'request_timeout', 'The request did not arrive in time'];
  return [400, 'Bad Request', 'invalid_input', 'The request is not well-formed HTTP'];
}

/**
 * Answers requests that Node's HTTP parser refuses (a bad Content-Length, Content-Length with
 * Transfer-Encoding, an unknown method, headers too large) with the API's error envelope and an
 * `x-request-id`, as every other refusal, instead of Node's bare status line. The connection is
 * closed: what follows on it cannot be trusted to start a request. An `Expect` header Node does
 * not know gets its 417 the same way.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, code, message] = statusOf(error.code);
    const requestId = randomUUID();
    const body = JSON.stringify({ error: { code, message, requestId } });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\n` +
        `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  // An `Expect` other than `100-continue`: 417 as HTTP says, in the envelope rather than Node's
  // bare status line; the body, if any, is not read.
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID();
    const body = JSON.stringify({
      error: { code: 'invalid_input', message: 'Only Expect: 100-continue is supported', requestId },
    });
    response.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
      connection: 'close',
    });
    response.end(body);
  });
}
