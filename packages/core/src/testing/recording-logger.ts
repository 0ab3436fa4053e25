import type { LogFields, Logger } from '../ports/logger.port.js';

/** One warning as it was logged. */
export interface LoggedWarning {
  message: string;
  fields: LogFields;
}

/** Keeps every warning it is given, so a test can assert that a failure was reported. */
export class RecordingLogger implements Logger {
  readonly warnings: LoggedWarning[] = [];

  warn(message: string, fields: LogFields = {}): void {
    this.warnings.push({ message, fields });
  }

  /** Warnings whose message contains `text`. */
  matching(text: string): LoggedWarning[] {
    return this.warnings.filter((warning) => warning.message.includes(text));
  }
}
