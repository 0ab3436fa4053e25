import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { dashboardBuildOptions } from '../build.mjs';

/** The whole app (script and stylesheet), gzipped, must stay under this many bytes. */
const budgetGzipBytes = 150 * 1024;

describe('dashboard bundle', () => {
  it('stays under 150 KB gzipped for the whole app, with no CDN or remote import', async () => {
    const result = await build(dashboardBuildOptions(false));
    const files = result.outputFiles!.map((file) => ({
      name: file.path.split(/[\\/]/).at(-1)!,
      raw: file.contents.byteLength,
      gzip: gzipSync(file.contents, { level: 9 }).byteLength,
      text: file.text,
    }));
    expect(files.map((file) => file.name).sort()).toEqual(['app.css', 'app.js']);
    const total = files.reduce((sum, file) => sum + file.gzip, 0);
    console.info(
      `dashboard bundle: ${files.map((file) => `${file.name} ${file.raw} B raw, ${file.gzip} B gzipped`).join('; ')}; total ${total} B gzipped`,
    );
    expect(total).toBeLessThan(budgetGzipBytes);
    for (const file of files)
      expect(file.text).not.toMatch(/https?:\/\/(?!www\.w3\.org)[\w.-]+\.[a-z]{2,}\//i);
  });
});
