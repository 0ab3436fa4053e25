import type { Logger } from '@chatbuddy/runtime';
import { requestContext } from './middleware/request-id.js';

/**
 * Keeps the process serving when an `error` event or a rejection escapes every handler: the
 * error is logged with the id of the request it belongs to. Returns the function that removes
 * the handlers again.
 */
export function installLastResortHandlers(logger: Logger): () => void {
  const onException = (error: unknown) => report(logger, 'uncaught exception', error);
  const onRejection = (reason: unknown) => report(logger, 'unhandled rejection', reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

function report(logger: Logger, kind: string, error: unknown): void {
  const requestId = requestContext.getStore()?.requestId;
  try {
    logger.error({ requestId, err: error }, kind);
  } catch {
    // A failing logger must not turn the handler itself into an uncaught exception.
  }
}
