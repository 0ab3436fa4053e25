/** Details of a log line: the ids of what failed, and the error itself under `error`. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where core reports a failure it recovers from on its own (a best-effort cleanup that did not
 * happen, an email that was not delivered, a search cache that could not load): the caller's
 * answer does not show it, so an operator must see it in the log.
 */
export const Logger = Symbol.for('chatbuddy.Logger');
export interface Logger {
  /** One structured warning: `message` says what failed, `fields` name it and carry the error. */
  warn(message: string, fields?: LogFields): void;
}

/** A logger that drops everything (the default where no logger is given). */
export const silentLogger: Logger = Object.freeze({ warn: () => undefined });
