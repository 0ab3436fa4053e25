// Checks every screen the same way: visible heading inside the viewport, no horizontal overflow,
// no serious or critical axe-core violation; and a screenshot.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const viewports = {
  wide: { width: 1280, height: 800 },
  narrow: { width: 360, height: 640 },
} as const;

export interface AxeSummary {
  screen: string;
  width: number;
  passes: number;
  serious: string[];
}

/** Opens an app path as a link would (no reload) and waits for the screen's heading. */
export async function openInApp(page: Page, path: string, heading: string): Promise<void> {
  await page.evaluate(
    `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
  );
  await page.locator('h1', { hasText: heading }).first().waitFor();
}

/** Runs axe-core in the page (evaluated, so the page's CSP needs no exception). */
export async function runAxe(page: Page): Promise<{ passes: number; serious: string[] }> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  return (await page.evaluate(`axe
    .run(document, { resultTypes: ['violations', 'passes'] })
    .then((results) => ({
      passes: results.passes.length,
      serious: results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')),
    }))`)) as { passes: number; serious: string[] };
}

/**
 * Checks the open screen at the page's current viewport: its heading is visible and inside the
 * viewport, nothing overflows sideways, axe-core finds nothing serious. Saves a screenshot.
 */
export async function checkScreen(
  page: Page,
  name: string,
  shots: string,
  results: AxeSummary[],
): Promise<void> {
  const viewport = page.viewportSize()!;
  const heading = page.locator('h1');
  await heading.waitFor({ state: 'visible' });
  // The stylesheet is served and applied (fluid layout depends on it).
  expect(await page.evaluate('getComputedStyle(document.body).overflowWrap')).toBe('anywhere');
  const box = (await heading.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  const overflow = (await page.evaluate(`(() => {
    const client = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > client + 0.5)
      .slice(0, 5)
      .map((element) => element.tagName.toLowerCase() + '.' + element.className);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  })()`)) as { scroll: number; client: number; wide: string[] };
  expect(
    overflow.scroll,
    `${name} overflows sideways at ${viewport.width} px: ${overflow.wide.join(', ')}`,
  ).toBeLessThanOrEqual(overflow.client);
  const axe = await runAxe(page);
  results.push({ screen: name, width: viewport.width, ...axe });
  expect(axe.serious, `${name} at ${viewport.width} px`).toEqual([]);
  expect(axe.passes).toBeGreaterThan(5);
  await page.screenshot({ path: join(shots, `${name}-${viewport.width}x${viewport.height}.png`) });
}
