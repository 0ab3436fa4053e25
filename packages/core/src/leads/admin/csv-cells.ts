/** First characters a spreadsheet reads as the start of a formula (or that hide one). */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A cell value a spreadsheet shows as text: one that starts like a formula gets a leading `'`
 * (the OWASP advice against CSV injection); anything else is unchanged.
 */
export function neutraliseCell(value: string): string {
  return formulaStarts.has(value.charAt(0)) ? `'${value}` : value;
}

/** Byte order mark: spreadsheet applications then read the file as UTF-8. */
export const utf8ByteOrderMark = '\uFEFF';
