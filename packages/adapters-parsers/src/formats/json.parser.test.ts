import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../__fixtures__/expect-domain-error.js';
import { utf8 } from '../__fixtures__/bytes.js';
import { JsonParser } from './json.parser.js';

const parser = new JsonParser();

describe('JsonParser', () => {
  it('flattens an object into key paths, one section per top-level key', async () => {
    const json = {
      company: { name: 'Acme', 'opening hours': ['9-17', '10-14'] },
      faq: [{ q: 'Pay?', a: 'Card' }],
      empty: null,
    };
    const content = await parser.parse(utf8(JSON.stringify(json)));
    expect(content.sections).toEqual([
      {
        headingPath: ['company'],
        text: 'company.name: Acme\ncompany."opening hours"[0]: 9-17\ncompany."opening hours"[1]: 10-14',
      },
      { headingPath: ['faq'], text: 'faq[0].q: Pay?\nfaq[0].a: Card' },
    ]);
    expect(content.title).toBeNull();
  });

  it('makes one section per element of a top-level array', async () => {
    const content = await parser.parse(
      utf8('\ufeff[{"q":"Hours?","a":"9-5","open":true},{},{"q":"Phone?","a":12}]'),
    );
    expect(content.sections).toEqual([
      { headingPath: [], text: '[0].q: Hours?\n[0].a: 9-5\n[0].open: true', metadata: { index: 0 } },
      { headingPath: [], text: '[2].q: Phone?\n[2].a: 12', metadata: { index: 2 } },
    ]);
  });

  it('keeps a scalar document as its value', async () => {
    expect((await parser.parse(utf8('"just text"'))).sections[0]?.text).toBe('just text');
  });

  it.each([
    ['a syntax error', '{"a": 1,}'],
    ['truncation', '{"a": [1, 2'],
    ['deep nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['invalid UTF-8', '\u00ff'],
  ])('refuses %s as unprocessable_document', async (name, json) => {
    const bytes = name === 'invalid UTF-8' ? new Uint8Array([0x7b, 0xff, 0x7d]) : utf8(json);
    await expectDomainError(parser.parse(bytes), 'unprocessable_document');
  });

  it('does not count brackets inside strings as nesting', async () => {
    const content = await parser.parse(utf8(JSON.stringify({ text: '['.repeat(500) })));
    expect(content.sections[0]?.text).toBe(`text: ${'['.repeat(500)}`);
  });
});
