// Bundles the dashboard to dist/app.js and dist/app.css: minified, self-contained, no CDN.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** esbuild options of the dashboard bundle; `write: false` keeps the output in memory. */
export function dashboardBuildOptions(write = true) {
  return {
    entryPoints: [{ in: join(here, 'src', 'main.tsx'), out: 'app' }],
    outdir: join(here, 'dist'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    write,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(join(here, 'dist'), { recursive: true });
  await build(dashboardBuildOptions());
}
