import { describe, expect, it } from 'vitest';
import { excerptUnits } from './excerpt-units.js';
import { plainInline } from './markdown-noise.js';

describe('plainInline', () => {
  it('keeps link texts and drops targets, reference labels, images and badges', () => {
    expect(plainInline('Use [pino-pretty][pino-pretty] for development.')).toBe(
      'Use pino-pretty for development.',
    );
    expect(plainInline('See [the guide](https://example.com/guide) and [koa-router].')).toBe(
      'See the guide and koa-router.',
    );
    expect(
      plainInline(
        '[![npm](https://img.shields.io/npm/v/koa.svg)](https://npmjs.org/koa) ![logo](logo.png) Koa',
      ),
    ).toBe('Koa');
    expect(plainInline('**Note:** <br>it is <b>fast</b>')).toBe('Note: it is fast');
  });

  it('leaves code spans and plain brackets of code alone', () => {
    expect(plainInline('Call `router.get(name, path)` with a name.')).toBe(
      'Call `router.get(name, path)` with a name.',
    );
  });
});

describe('excerptUnits', () => {
  const readme = [
    '# koa',
    '[![build](https://ci.example/badge.svg)](https://ci.example)',
    '',
    'Expressive middleware for node.js. It uses async functions.',
    '',
    '## Installation',
    'Install it with npm:',
    '',
    '```sh',
    '$ npm install koa',
    '```',
    '',
    '## Options',
    'The constructor accepts these options:',
    '- `env` defaults to the [NODE_ENV][env] variable',
    '- `proxy` trusts proxy headers',
    '  when set to true',
    '',
    '- `subdomainOffset` ignores subdomains',
    '',
    '[env]: https://nodejs.org/api/process.html',
  ].join('\n');

  it('splits paragraphs into sentences under their headings', () => {
    const units = excerptUnits(readme);
    expect(units.slice(0, 2)).toEqual([
      {
        kind: 'sentence',
        text: 'Expressive middleware for node.js.',
        block: 0,
        position: 0,
        headings: ['koa'],
      },
      { kind: 'sentence', text: 'It uses async functions.', block: 0, position: 1, headings: ['koa'] },
    ]);
  });

  it('keeps a code block whole with the sentence that introduces it', () => {
    const code = excerptUnits(readme).find((unit) => unit.kind === 'code');
    expect(code).toMatchObject({
      text: 'Install it with npm:\n```sh\n$ npm install koa\n```',
      headings: ['koa', 'Installation'],
    });
    // The lead-in is not also offered alone: it says nothing without what it introduces.
    expect(excerptUnits(readme).some((unit) => unit.text === 'Install it with npm:')).toBe(false);
  });

  it('keeps a list whole with its lead-in, continuation lines included, link noise removed', () => {
    const list = excerptUnits(readme).find((unit) => unit.kind === 'list');
    expect(list?.text).toBe(
      [
        'The constructor accepts these options:',
        '- `env` defaults to the NODE_ENV variable',
        '- `proxy` trusts proxy headers',
        '  when set to true',
        '- `subdomainOffset` ignores subdomains',
      ].join('\n'),
    );
    expect(list?.headings).toEqual(['koa', 'Options']);
  });

  it('never offers badges, link reference definitions or heading lines as units', () => {
    const texts = excerptUnits(readme).map((unit) => unit.text);
    expect(texts.join('\n')).not.toMatch(/https?:|!\[|\]\[|^#/m);
  });

  it('gives a list no lead-in across a heading', () => {
    const units = excerptUnits('Intro sentence.\n\n## Steps\n1. Open it\n2. Close it');
    expect(units.at(-1)).toMatchObject({
      kind: 'list',
      text: '1. Open it\n2. Close it',
      headings: ['Steps'],
    });
  });

  it('reads plain text as sentences of paragraphs', () => {
    const units = excerptUnits('One fact. Two facts.\n\nThird fact.');
    expect(units.map((unit) => [unit.text, unit.block, unit.position])).toEqual([
      ['One fact.', 0, 0],
      ['Two facts.', 0, 1],
      ['Third fact.', 1, 0],
    ]);
  });
});
