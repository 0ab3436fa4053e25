import fc from 'fast-check';

/** One operation of `/openapi.json`, as the garbage suite needs it. */
export interface Operation {
  method: string;
  /** OpenAPI path with `{param}` placeholders. */
  path: string;
  bearer: boolean;
  json: boolean;
  multipart: boolean;
  fields: string[];
}

/** A raw request body with the content type it claims (or none). */
export interface RawBody {
  contentType?: string;
  body?: string | Uint8Array;
  label: string;
}

const edgeStrings = [
  '\ud800',
  '\udfff',
  'a\udc00b\ud83d',
  '\u0000',
  '\u202e\u200b\ufeff',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧‍👦',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '__proto__',
  '<script>alert(1)</script>',
  "'; drop table users; --",
  'x'.repeat(100_000),
];

const edgeValue = fc.oneof(
  fc.constantFrom<unknown>(...edgeStrings, -1, 0, 1e308, -1e308, true, null, [], {}, [[[[]]]]),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** JSON objects keyed by the operation's own fields (so parsing goes deep), odd and random keys. */
const garbageObject = (fields: string[]) =>
  fc.dictionary(
    fc.oneof(fc.constantFrom(...fields, 'constructor', 'prototype', 'toString'), fc.string({ maxLength: 8 })),
    edgeValue,
    { maxKeys: 6 },
  );

const json = (value: unknown, label: string): RawBody => ({
  contentType: 'application/json',
  body: JSON.stringify(value) ?? 'null',
  label,
});

const boundary = 'chatbuddyfuzz';
const part = (filename: string, content: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;

/** Multipart bodies: traversal in file names, truncated, mismatched or missing boundaries. */
const multipart = fc.oneof(
  fc
    .constantFrom(
      '../../etc/passwd',
      '..%2F..%2Fsecret.txt',
      'C:\\boot.ini',
      '\u0000.txt',
      'a'.repeat(5000),
      '.md',
      '',
    )
    .map((filename) => ({
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: `${part(filename, 'Hello.')}--${boundary}--\r\n`,
      label: `multipart filename ${filename.slice(0, 30)}`,
    })),
  fc.nat({ max: 120 }).map((cut) => ({
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: `${part('notes.txt', 'Hello world, some text.')}--${boundary}--\r\n`.slice(0, cut),
    label: `truncated multipart at ${cut}`,
  })),
  fc.constantFrom<RawBody>(
    { contentType: 'multipart/form-data', body: part('a.txt', 'x'), label: 'multipart without boundary' },
    { contentType: 'multipart/form-data; boundary=other', body: part('a.txt', 'x'), label: 'wrong boundary' },
    {
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nno filename\r\n--${boundary}--\r\n`,
      label: 'part without filename',
    },
  ),
);

/** Bodies that are not JSON at all, or JSON that parsers choke on. */
const rawBodies = fc.oneof(
  fc.constantFrom<RawBody>(
    {
      contentType: 'application/json',
      body: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}',
      label: '__proto__ keys',
    },
    {
      contentType: 'application/json',
      body: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      label: 'deep array',
    },
    {
      contentType: 'application/json',
      body: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
      label: 'deep object',
    },
    { contentType: 'application/json', body: '"\\ud800"', label: 'escaped lone surrogate' },
    {
      contentType: 'application/json',
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
      label: 'invalid UTF-8',
    },
    { contentType: 'application/json', body: `{"content":"${'x'.repeat(3_000_000)}"}`, label: 'huge body' },
    { contentType: 'application/json', body: '', label: 'empty JSON body' },
    { contentType: 'application/json; charset=latin1', body: '{}', label: 'odd charset' },
    { contentType: 'text/plain', body: 'hello', label: 'text/plain' },
    { contentType: 'application/xml', body: '<a>1</a>', label: 'xml' },
    { contentType: 'application/x-www-form-urlencoded', body: 'a=1&__proto__=2', label: 'form' },
    { body: '{"a":1}', label: 'no content type' },
  ),
  fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat()).map(([value, cut]) => {
    const text = JSON.stringify(value) ?? '';
    return {
      contentType: 'application/json',
      body: text.slice(0, cut % (text.length + 1)),
      label: 'truncated JSON',
    };
  }),
);

/** A body for `operation`: structured garbage for its fields, raw garbage, or multipart. */
export const garbageBody = (operation: Operation): fc.Arbitrary<RawBody> =>
  fc.oneof(
    { weight: 4, arbitrary: garbageObject(operation.fields).map((value) => json(value, 'fields')) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => json(value, 'any JSON')) },
    { weight: 2, arbitrary: rawBodies },
    { weight: operation.multipart ? 3 : 1, arbitrary: multipart },
  );

/** A path parameter: the real one, or something that is not an id at all. */
export const garbageParam = (real: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(real) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '..%2F..%2Fetc%2Fpasswd',
        '%2e%2e',
        '%00',
        '%E0%A4%A',
        '%F0%9F%98%80',
        '%ED%A0%80',
        'a'.repeat(3000),
        '00000000-0000-4000-8000-000000000000',
        '__proto__',
      ),
    },
  );

/** A query string: paging and filter keys with odd values. */
export const garbageQuery = fc.option(
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'limit',
          'cursor',
          'action',
          'since',
          'until',
          'days',
          'verified',
          'search',
          '__proto__',
        ),
        fc.oneof(
          fc.constantFrom('-1', '0', '1e9', 'NaN', '%00', '%ZZ', 'x'.repeat(2000), '2026-13-45', '..%2F'),
          fc.string({ maxLength: 10 }).map(encodeURIComponent),
        ),
      ),
      { maxLength: 3 },
    )
    .map((pairs) => `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`),
  { nil: '' },
);
