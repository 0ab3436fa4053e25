import type { CsvEncoder } from '@chatbuddy/core';
import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 through csv-stringify: CRLF line ends; a cell is quoted when it holds a comma, a
 * quote, CR or LF (quotes doubled), and when it starts with a space or ends with one, so
 * spreadsheet applications keep it exactly.
 */
export class CsvStringifyEncoder implements CsvEncoder {
  encode(rows: readonly (readonly string[])[]): string {
    if (rows.length === 0) return '';
    return stringify(rows as string[][], {
      record_delimiter: '\r\n',
      quoted_match: /^\s|\s$|[\r\n]/,
      cast: { string: (value) => value },
    });
  }
}
