import { createHash } from 'node:crypto';

/** What the home page shows: the widget when a demo project is ready. */
export interface HomePageInput {
  /** Origin the widget talks to (this server). */
  apiUrl: string;
  demo: { projectId: string; publishableKey: string } | null;
}

const starters = [
  'How long does shipping take?',
  'Can I return a mug I bought?',
  'How much is the monthly subscription?',
].join('|');

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"'`]/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[character]!,
  );
}

const style = `
body{font:16px/1.55 system-ui,sans-serif;color:#1f2933;background:#f7f7f5;margin:0}
main{max-width:46rem;margin:0 auto;padding:2.5rem 1.25rem 6rem}
h1{font-size:1.8rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin-top:2rem}
.lead{color:#52606d;margin-top:0}code{background:#e9ecef;padding:.1rem .3rem;border-radius:4px}
.box{background:#fff;border:1px solid #dde1e4;border-radius:10px;padding:1rem 1.25rem}
.box h2{margin-top:.25rem}
ul{padding-left:1.2rem}a{color:#0f766e}
`;

/** The CSP source of the inline stylesheet (a hash, so no other inline style runs). */
export const homePageStyleHash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;

function widgetSection(input: HomePageInput): string {
  if (!input.demo) {
    return `<section class="box"><h2>Try the live demo</h2>
<p>No demo project yet. Stop this server (Ctrl-C) and run <code>./chatbuddy demo</code>: it creates
a small fictional shop (FAQ, shipping, returns, pricing), then serves this page with the chat
widget answering from those documents.</p></section>`;
  }
  const tag = [
    '<script src="/widget.js"',
    ` data-api-url="${escapeHtml(input.apiUrl)}"`,
    ` data-api-key="${escapeHtml(input.demo.publishableKey)}"`,
    ' data-title="Demo shop assistant"',
    ` data-starters="${escapeHtml(starters)}"`,
    ' data-welcome="Hello! Ask me about shipping, returns or prices at the Tidewater Mug Co."',
    '></script>',
  ].join('');
  return `<section class="box"><h2>Live demo: the Tidewater Mug Co.</h2>
<p>The chat button in the corner is the website widget on the demo project
<code>${escapeHtml(input.demo.projectId)}</code>. It answers from the shop's FAQ, shipping, returns
and pricing pages, and shows the sources it used. Try “How long does shipping take?”.</p>
<p>Add it to any page with the snippet from <code>GET /projects/:id/widget</code>.</p></section>
${tag}`;
}

/** The development home page: what is running, and the widget on the demo project. */
export function renderHomePage(input: HomePageInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Chat Buddy (development)</title><style>${style}</style></head>
<body><main>
<h1>Chat Buddy is running</h1>
<p class="lead">A self-hosted business knowledge assistant, in development mode.</p>
${widgetSection(input)}
<h2>What is running</h2>
<ul>
<li><strong>Embedded database</strong>: PostgreSQL (PGlite with pgvector) in the data folder,
unless <code>DB_URL</code> points elsewhere.</li>
<li><strong>Local provider</strong>: answers and embeddings computed on this machine, no API key
needed (set a provider per project for a hosted model).</li>
<li><strong>Outbox</strong>: emails are written to the data folder instead of being sent, unless
<code>RESEND_API_KEY</code> is set (<code>./chatbuddy outbox</code> lists them).</li>
</ul>
<h2>Links</h2>
<ul>
<li><a href="/docs">/docs</a>: the API reference</li>
<li><a href="/openapi.json">/openapi.json</a>: the OpenAPI 3.1 description</li>
<li><a href="/health">/health</a>: liveness</li>
</ul>
<p>This page exists only outside production.</p>
</main></body></html>`;
}
