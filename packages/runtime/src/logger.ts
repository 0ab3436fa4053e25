import type { LogFields, Logger as LoggerPort } from '@chatbuddy/core';
import { pino, type Logger } from 'pino';
import type { ChatBuddyConfig } from './config.js';

export type { Logger } from 'pino';

/** Structured JSON logs; secrets are redacted wherever they might appear. */
export function createLogger(
  config: Pick<ChatBuddyConfig, 'logLevel'>,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'chatbuddy' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          'apiKey',
          '*.apiKey',
          'token',
          '*.token',
          'refreshToken',
          '*.refreshToken',
          'accessToken',
          '*.accessToken',
          'otp',
          '*.otp',
          'headers.authorization',
          'headers["x-api-key"]',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/**
 * Core's `Logger` port on pino: one JSON line per warning, the error under pino's `err` key so
 * its message, code and stack are serialised.
 */
export class PinoLogger implements LoggerPort {
  constructor(private readonly logger: Logger) {}

  warn(message: string, fields: LogFields = {}): void {
    const { error, ...rest } = fields;
    this.logger.warn(error === undefined ? rest : { ...rest, err: error }, message);
  }
}
