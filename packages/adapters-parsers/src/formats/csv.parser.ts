import { CsvError, parse } from 'csv-parse/sync';
import { unprocessableDocument } from '../parse-errors.js';
import type { FormatParser, ParsedContent } from '../sections.js';
import { decodeText, normaliseText } from '../text-decoding.js';

const candidateDelimiters = [',', ';', '\t', '|'];

/**
 * CSV and TSV (csv-parse): the first row names the columns; every other row becomes one section
 * that reads "Question: … | Answer: …", so a row is understandable on its own. Quoted fields,
 * embedded newlines and a BOM are handled; rows with a different number of fields are refused.
 */
export class CsvParser implements FormatParser {
  constructor(private readonly delimiter?: string) {}

  async parse(bytes: Uint8Array): Promise<ParsedContent> {
    const source = decodeText(bytes, 'CSV');
    const delimiter = this.delimiter ?? guessDelimiter(source);
    let records: string[][];
    try {
      records = parse(source, { delimiter, bom: true, skip_empty_lines: true, relax_quotes: false });
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const line = (error as CsvError & { lines?: number }).lines;
      throw unprocessableDocument(
        `The CSV file is malformed${line ? ` near line ${line}` : ''}: ${describe(error.code)}`,
        { line, reason: error.code },
        error,
      );
    }
    const [header = [], ...rows] = records;
    const names = header.map((name, index) => normaliseText(name) || `Column ${index + 1}`);
    const sections = rows.flatMap((row, index) => {
      const text = row
        .map((value, column) => [names[column], normaliseText(value)] as const)
        .filter(([, value]) => value !== '')
        .map(([name, value]) => `${name}: ${value}`)
        .join(' | ');
      return text ? [{ headingPath: [], text, metadata: { row: index + 1 } }] : [];
    });
    return { title: null, sections, text: sections.map((section) => section.text).join('\n') };
  }
}

/** The candidate that splits the first line into the most fields (outside quotes); comma on a tie. */
function guessDelimiter(source: string): string {
  const firstLine = source
    .slice(0, 4096)
    .split('\n', 1)[0]!
    .replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const delimiter of candidateDelimiters) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

function describe(code: string): string {
  if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') return 'rows have different numbers of fields';
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed';
  if (code.startsWith('CSV_INVALID_CLOSING_QUOTE') || code.includes('QUOTE')) return 'misplaced quote';
  return 'invalid CSV';
}
