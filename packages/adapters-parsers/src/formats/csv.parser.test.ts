import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../__fixtures__/expect-domain-error.js';
import { utf8 } from '../__fixtures__/bytes.js';
import { CsvParser } from './csv.parser.js';

const parser = new CsvParser();

describe('CsvParser', () => {
  it('turns each row into a section that names its columns', async () => {
    const csv =
      '\ufeffQuestion,Answer\r\n"How do I pay?","By card, or\r\nby transfer"\r\nOpen on Sunday?,"No, ""never"""\r\n';
    const content = await parser.parse(utf8(csv));
    expect(content.sections).toEqual([
      {
        headingPath: [],
        text: 'Question: How do I pay? | Answer: By card, or\nby transfer',
        metadata: { row: 1 },
      },
      { headingPath: [], text: 'Question: Open on Sunday? | Answer: No, "never"', metadata: { row: 2 } },
    ]);
    expect(content.text).toBe(content.sections.map((section) => section.text).join('\n'));
  });

  it('guesses a semicolon delimiter, skips empty cells and names unnamed columns', async () => {
    const content = await parser.parse(utf8('Name;;City\nAda;x;\n;;\n'));
    expect(content.sections.map((section) => section.text)).toEqual(['Name: Ada | Column 2: x']);
  });

  it('reads tab-separated values with the tab delimiter', async () => {
    const content = await new CsvParser('\t').parse(utf8('a\tb\n1,5\t2'));
    expect(content.sections[0]?.text).toBe('a: 1,5 | b: 2');
  });

  it.each([
    ['ragged rows', 'a,b\n1,2,3\n', /different numbers of fields/],
    ['an unclosed quote', 'a,b\n"1,2\n', /never closed/],
    ['a quote inside a bare field', 'a,b\n1"x"y,2\n', /quote/],
  ])('refuses %s as unprocessable_document', async (_, csv, message) => {
    const error = await expectDomainError(parser.parse(utf8(csv)), 'unprocessable_document');
    expect(error.message).toMatch(message);
  });

  it('returns no section for a header without rows', async () => {
    expect((await parser.parse(utf8('Question,Answer\n'))).sections).toEqual([]);
  });
});
