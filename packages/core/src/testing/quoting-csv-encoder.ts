import type { CsvEncoder } from '../ports/csv-encoder.port.js';

/** RFC 4180 with every cell quoted: simple and always correct, for tests of CSV producers. */
export class QuotingCsvEncoder implements CsvEncoder {
  encode(rows: readonly (readonly string[])[]): string {
    return rows
      .map((row) => `${row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')}\r\n`)
      .join('');
  }
}
