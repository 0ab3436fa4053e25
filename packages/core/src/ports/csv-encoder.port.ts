/** Turns rows of text cells into CSV text (RFC 4180: CRLF line ends, quoting as needed). */
export const CsvEncoder = Symbol.for('chatbuddy.CsvEncoder');
export interface CsvEncoder {
  /** The rows as CSV lines, each ending in CRLF; cells are written as given (no neutralising). */
  encode(rows: readonly (readonly string[])[]): string;
}
