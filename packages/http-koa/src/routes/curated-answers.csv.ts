import { type CuratedAnswer, type CuratedAnswerRow, DomainError, utf8ByteOrderMark } from '@chatbuddy/core';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** Columns of the curated-answer CSV, in export order. */
export const curatedCsvColumns = ['question', 'answer', 'alternative_questions'] as const;

/** A formula start, after any apostrophes: the cells export escapes and import restores. */
const escapedOnExport = /^'*[=+\-@\t\r]/;

/**
 * A cell as exported: one that a spreadsheet would run as a formula (it starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return) gets a leading `'`; so does one that already starts with
 * apostrophes before such a character, so that import, which removes one, gives it back whole.
 */
export function neutraliseCell(value: string): string {
  return escapedOnExport.test(value) ? `'${value}` : value;
}

/** Undoes `neutraliseCell` on import, so an exported file imports back to the same text. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && escapedOnExport.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * RFC 4180 CSV (CRLF line ends, quoted where needed) with a header row; alternatives one per line.
 * UTF-8 with a byte order mark, as the leads export, so spreadsheet applications read it as UTF-8.
 */
export function curatedAnswersToCsv(answers: readonly CuratedAnswer[]): string {
  const rows = answers.map((answer) =>
    [answer.question, answer.answer, answer.alternativeQuestions.join('\n')].map(neutraliseCell),
  );
  return (
    utf8ByteOrderMark +
    stringify([[...curatedCsvColumns], ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })
  );
}

/**
 * Rows of an uploaded CSV with a header naming `question`, `answer` and optionally
 * `alternative_questions` (any order, case-insensitive). Malformed CSV or unknown columns are
 * `invalid_input`; each row carries its first line number in the file.
 */
export function parseCuratedCsv(text: string): CuratedAnswerRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      info: true,
      max_record_size: 64 * 1024,
    }) as never;
  } catch (error) {
    throw new DomainError('invalid_input', `The CSV could not be read: ${(error as Error).message}`);
  }
  const header = Object.keys(records[0]?.record ?? {});
  const unknown = header.filter((name) => !(curatedCsvColumns as readonly string[]).includes(name));
  if (
    records.length > 0 &&
    (unknown.length > 0 || !header.includes('question') || !header.includes('answer'))
  ) {
    throw new DomainError(
      'invalid_input',
      'The CSV header must name question, answer and optionally alternative_questions',
      {
        details: { columns: header, unknown },
      },
    );
  }
  return records.map(({ record, info }) => ({
    row:
      info.lines -
      (Object.values(record)
        .join('')
        .match(/\r\n|\r|\n/g)?.length ?? 0),
    question: restoreCell(record.question ?? ''),
    answer: restoreCell(record.answer ?? ''),
    alternative_questions: restoreCell(record.alternative_questions ?? ''),
  }));
}
