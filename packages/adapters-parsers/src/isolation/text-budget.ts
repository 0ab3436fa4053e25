import { DomainError } from '@chatbuddy/core';

/** Limits on what a parser extracts from a file. */
export interface TextLimits {
  /** Largest extracted text, in UTF-8 bytes; a parser stops as soon as it is passed. */
  maxTextBytes: number;
}

/** 5 MiB of text is ~1.2 M tokens: far beyond a handbook, still one bounded indexing job. */
export const defaultTextLimits: Readonly<TextLimits> = Object.freeze({ maxTextBytes: 5 * 1024 * 1024 });

/** The extracted text passed the budget (HTTP 413), as core says of a text upload that is too large. */
export function textTooLarge(maxTextBytes: number, format: string): DomainError {
  return new DomainError(
    'payload_too_large',
    `The ${format} file holds more than ${maxTextBytes} bytes of text`,
    {
      details: { reason: 'text_too_large', maxBytes: maxTextBytes },
    },
  );
}
