import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../__fixtures__/expect-domain-error.js';
import { utf8 } from '../__fixtures__/bytes.js';
import { HtmlParser, markupDepth } from './html.parser.js';

const parser = new HtmlParser();

const page = `<!doctype html><html><head><title> Acme  Help </title><style>p{color:red}</style>
<script>var tracking = "secret";</script></head><body>
<header><a href="/">Home</a> <a href="/pricing">Pricing</a></header>
<nav><ul><li>Docs</li><li>Blog</li></ul></nav>
<main>
  <h1>Getting started</h1>
  <p>Install the <b>widget</b> on your site.</p>
  <h2>Requirements</h2>
  <ul><li>A modern browser</li><li>An API key</li></ul>
  <table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>10 EUR</td></tr></table>
  <h2>Troubleshooting</h2>
  <pre>npm run
  check</pre>
</main>
<footer>© Acme 2026 · Privacy</footer>
</body></html>`;

describe('HtmlParser', () => {
  it('keeps the main content under heading paths and drops chrome', async () => {
    const content = await parser.parse(utf8(page));
    expect(content.title).toBe('Acme Help');
    expect(content.sections).toEqual([
      { headingPath: ['Getting started'], text: 'Install the widget on your site.' },
      {
        headingPath: ['Getting started', 'Requirements'],
        text: '- A modern browser\n- An API key\n\nPlan | Price\nPro | 10 EUR',
      },
      { headingPath: ['Getting started', 'Troubleshooting'], text: 'npm run\n  check' },
    ]);
    const all = content.sections.map((section) => section.text).join(' ');
    for (const chrome of ['Pricing', 'Blog', 'Privacy', 'tracking', 'color'])
      expect(all).not.toContain(chrome);
  });

  it('finds the article with Readability when there is no <main>', async () => {
    const paragraph = 'Our refund policy lets customers return any item within thirty days of delivery. ';
    const html = `<html><head><title>Refunds</title></head><body>
      <div class="menu"><a href="/a">Shop</a> | <a href="/b">Cart</a></div>
      <div class="content"><h2>Refund policy</h2><p>${paragraph.repeat(6)}</p><p>${paragraph.repeat(4)}</p></div>
      <div class="sidebar ad">Buy now</div></body></html>`;
    const content = await parser.parse(utf8(html));
    expect(content.title).toBe('Refunds');
    const text = content.sections.map((section) => section.text).join('\n');
    expect(text).toContain('thirty days');
    expect(text).not.toContain('Buy now');
  });

  it('keeps an article’s own header while dropping the site header', async () => {
    const html = `<header>Site menu</header><main><article><header><h1>Release notes</h1></header>
      <p>Version 2 adds exports.</p><footer>Posted in May</footer></article></main>`;
    const content = await parser.parse(utf8(html));
    expect(content.sections).toEqual([
      { headingPath: ['Release notes'], text: 'Version 2 adds exports.\n\nPosted in May' },
    ]);
  });

  it('keeps the whole body of a short fragment, titled by its first heading without <title>', async () => {
    const content = await parser.parse(utf8('<h3>Hours</h3><p>Open 9–5</p><p>Closed Sundays</p>'));
    expect(content).toEqual({
      title: 'Hours',
      sections: [{ headingPath: ['Hours'], text: 'Open 9–5\n\nClosed Sundays' }],
    });
  });

  it('takes the first heading of any level, not the first <h1>, and has no title without headings', async () => {
    const page = '<main><p>Intro</p><h2>Opening hours</h2><p>9–5</p><h1>Legal</h1><p>Terms</p></main>';
    expect((await parser.parse(utf8(page))).title).toBe('Opening hours');
    expect((await parser.parse(utf8('<p>Only a paragraph.</p>'))).title).toBeNull();
  });

  it('decodes a page that declares a Latin-1 charset', async () => {
    const bytes = Buffer.from(
      '<html><head><meta charset="iso-8859-1"></head><body><p>Café</p></body></html>',
      'latin1',
    );
    expect((await parser.parse(bytes)).sections[0]?.text).toBe('Café');
  });

  it('refuses invalid UTF-8 without a declared charset', async () => {
    await expectDomainError(
      parser.parse(new Uint8Array([0x3c, 0x70, 0x3e, 0xff, 0xfe])),
      'unprocessable_document',
    );
  });

  it('reads very deep nesting quickly, still without chrome', async () => {
    const depth = 5_000;
    const html = `<body><nav>Menu</nav>${'<div>'.repeat(depth)}deep text${'</div>'.repeat(depth)}</body>`;
    const started = performance.now();
    const content = await parser.parse(utf8(html));
    expect(content.sections.map((section) => section.text)).toEqual(['deep text']);
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 10_000);

  // The parser's cost per tag grows with the depth of open elements: 100,000 nested elements
  // took 13 s, a 20 MB file hours. Refused before parsing, in a few milliseconds.
  it('refuses nesting deeper than 5,000 elements before parsing it', async () => {
    const depth = 100_000;
    const html = `<body>${'<div><span>'.repeat(depth / 2)}deep${'</span></div>'.repeat(depth / 2)}</body>`;
    await expectDomainError(parser.parse(utf8(html)), 'unprocessable_document');
  }, 10_000);

  it('measures nesting from tags alone, ignoring void elements and tags closed implicitly', () => {
    expect(markupDepth('<div><p>a<p>b<br><img src=x><span>c</span></div>')).toBe(2);
    expect(markupDepth('<ul><li>a<li>b</ul><table><tr><td>x</table>')).toBe(1);
    expect(markupDepth(`${'<section>'.repeat(40)}${'</section>'.repeat(40)}<b>`)).toBe(40);
    expect(markupDepth('</div></div><div>')).toBe(1);
  });
});
