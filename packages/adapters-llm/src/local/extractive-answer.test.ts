import { type ContextPassage, dontKnow } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { englishTermWeight } from './english-term-weights.js';
import { extractAnswer } from './extractive-answer.js';
import { distinctiveTerms, missingDistinctive, withinOneEdit } from './near-miss.js';
import { questionTerms } from '@chatbuddy/core';

const passage = (text: string, extra: Partial<ContextPassage> = {}): ContextPassage => ({
  label: 'S1',
  title: 'README',
  text,
  score: 1,
  ...extra,
});
const ask = (question: string, passages: ContextPassage[], options = {}) =>
  extractAnswer(question, passages, { termWeight: englishTermWeight, ...options });

const koaRouter = [
  '## Named routes',
  'Routes can optionally have names. This allows generation of URLs and easy renaming of URLs during development.',
  '',
  'Give a route a name as the first argument:',
  '',
  '```js',
  "router.get('user', '/users/:id', (ctx, next) => {});",
  '```',
].join('\n');

describe('extractAnswer', () => {
  it('quotes a code block whole with the sentence that introduces it, under its heading path', () => {
    const answer = ask('How do I give a route a name?', [
      passage(koaRouter, { title: 'koa-router', headingPath: ['koa', 'Router', 'Named routes'] }),
    ]);
    expect(answer.text).toBe(
      [
        'koa › Router › Named routes',
        'Give a route a name as the first argument:',
        '```js',
        "router.get('user', '/users/:id', (ctx, next) => {});",
        '```',
      ].join('\n'),
    );
    expect(answer.passage).toBe(0);
  });

  it('quotes consecutive sentences of one paragraph, never sentences glued from elsewhere', () => {
    // The best sentence opens with "This": the sentence it refers to comes with it.
    const answer = ask('What allows easy renaming of URLs during development?', [
      passage(koaRouter),
      passage('Renaming URLs during development is easy.'),
    ]);
    expect(answer.text).toBe(
      'Named routes\nRoutes can optionally have names. This allows generation of URLs and easy renaming of URLs during development.',
    );
    expect(ask('Why do routes have names?', [passage(koaRouter)]).text).toBe(
      'Named routes\nRoutes can optionally have names.',
    );
  });

  it('quotes a list with its lead-in and without link noise', () => {
    const text = [
      'Pino supports these transports:',
      '- [pino-pretty][pino-pretty] formats logs for development',
      '- [pino-elasticsearch](https://github.com/pinojs/pino-elasticsearch) ships logs',
      '',
      '[pino-pretty]: https://github.com/pinojs/pino-pretty',
    ].join('\n');
    expect(ask('Which transports does pino support?', [passage(text, { title: 'pino' })]).text).toBe(
      [
        'Pino supports these transports:',
        '- pino-pretty formats logs for development',
        '- pino-elasticsearch ships logs',
      ].join('\n'),
    );
  });

  it('cuts a list or code block over the budget at a line, closing the fence', () => {
    const lines = Array.from({ length: 40 }, (_, index) => `const option${index} = configure(${index});`);
    const text = ['Configure the server like this:', '```js', ...lines, '```'].join('\n');
    const answer = ask('How do I configure the server?', [passage(text)], { maxChars: 200 });
    expect(answer.text.length).toBeLessThanOrEqual(210);
    expect(answer.text.startsWith('Configure the server like this:\n```js\n')).toBe(true);
    expect(answer.text.endsWith('…\n```')).toBe(true);
  });

  it("says I don't know. when the passage lacks a distinctive term of the question (a near miss)", () => {
    const split2 = passage(
      'By default the maximum length of a line is unlimited. The limit on the size of a line is set with maxLength.',
      {
        title: 'split2',
        headingPath: ['split2'],
      },
    );
    expect(ask('What is the default limit on line size in split2?', [split2]).text).not.toBe(dontKnow);
    expect(ask('What is the default limit on file size in busboy?', [split2]).text).toBe(dontKnow);
    const koa = passage('Koa supports HTTP/2 through the http2 module of Node.js.', { title: 'koa' });
    expect(ask('How do I configure HTTP/3 support in Koa?', [koa]).text).toBe(dontKnow);
    expect(ask('How do I use HTTP/2 in Koa?', [koa]).text).not.toBe(dontKnow);
  });

  it('never quotes a heading line kept in the text as the answer', () => {
    const text =
      'Split2(matcher, mapper, options)\nBreaks up a stream and reassembles it so that each line is a chunk.';
    const answer = ask('How does split2 break up a stream?', [
      passage(text, { title: 'split2', headingPath: ['Split2(matcher, mapper, options)'] }),
    ]);
    expect(answer.text).toBe(
      'Split2(matcher, mapper, options)\nBreaks up a stream and reassembles it so that each line is a chunk.',
    );
  });

  it('quotes, among sentences that cover the question as well, one holding the kind of answer asked for', () => {
    const shipping = [
      passage('We do not currently ship to other countries; write to us.', {
        title: 'Shipping',
        headingPath: ['Shipping', 'Rest of the world'],
      }),
      passage('Shipping within the UK takes 2–3 working days and costs £4.95.', {
        title: 'Shipping',
        headingPath: ['Shipping', 'United Kingdom'],
      }),
    ];
    const price = ask('How much is shipping?', shipping);
    expect(price).toMatchObject({ passage: 1 });
    expect(price.text).toBe(
      'Shipping › United Kingdom\nShipping within the UK takes 2–3 working days and costs £4.95.',
    );
    expect(ask('How long does shipping take?', shipping).text).toContain('2–3 working days');
    // Without a kind in the wording, the best-ranked sentence is quoted as before.
    expect(ask('Do you ship to other countries?', shipping)).toMatchObject({ passage: 0 });
    // Whether to answer at all is the best sentence's decision: the kind does not make an answer.
    expect(ask('How much is the warranty?', shipping).text).toBe(dontKnow);
  });

  it('answers from a lower passage that holds the distinctive term', () => {
    const answer = ask('What is the default file size limit in busboy?', [
      passage('The default size limit of a line is unlimited.', { title: 'split2' }),
      passage('limits.fileSize: the default maximum file size is Infinity.', { title: 'busboy' }),
    ]);
    expect(answer).toMatchObject({ passage: 1 });
    expect(answer.text).toContain('Infinity');
  });
});

describe('near-miss terms', () => {
  it('treats numbers and versions as distinctive and forgives typing slips in words', () => {
    const question = 'Who won in 1990 against the Counil over HTTP/3?';
    const distinctive = distinctiveTerms(question, questionTerms(question, englishTermWeight), 13);
    expect(distinctive.terms).toContain('1990');
    expect(distinctive.compounds).toEqual(['http3']);
    expect(missingDistinctive(distinctive, 'In 1990 the council voted on HTTP/3.')).toEqual([]);
    expect(missingDistinctive(distinctive, 'In 1991 the council voted on HTTP 2 and 3.')).toEqual([
      '1990',
      'http3',
    ]);
  });

  it('knows one edit from two', () => {
    expect(withinOneEdit('counil', 'council')).toBe(true);
    expect(withinOneEdit('throguh', 'through')).toBe(true);
    expect(withinOneEdit('busboy', 'busy')).toBe(false);
  });
});
