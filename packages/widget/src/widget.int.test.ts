import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, type Project, startWorld, type World } from './testing/world.js';

const chromiumPath = process.env.CHROMIUM_PATH;
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const bakery = [
  'Nimbus Bakery opening hours',
  'The Nimbus Bakery shop is open from 7:00 to 18:00 on weekdays and from 8:00 to 14:00 on Saturdays.',
];
const hostile = [
  'Hostile gift card terms',
  'The gift card balance expires after two years <img src=x onerror=window.__pwned=1> unless renewed.\n\n' +
    'Gift card renewal is done online [x](javascript:window.__pwned=2) at the gift card desk.',
];

describe.skipIf(!chromiumPath)('widget in a real browser', () => {
  let world: World;
  let browser: Browser;
  let project: Project;
  let pageUrl: string;
  let shots: string;
  let page: Page;
  const requests: { url: string; headers: Record<string, string> }[] = [];

  const ask = async (target: Page, question: string) => {
    const before = await target.locator('.message.assistant').count();
    await target.locator('#chatbuddy-input').fill(question);
    await target.locator('#chatbuddy-input').press('Enter');
    const settled = target.locator('.message.assistant:not([aria-busy]), .message.error');
    await expect
      .poll(
        async () => (await target.locator('.message.error').count()) > 0 || (await settled.count()) > before,
      )
      .toBe(true);
    const errors = await target.locator('.message.error').allTextContents();
    expect(errors).toEqual([]);
    return target.locator('.message.assistant').nth(before);
  };
  const shadow = (target: Page, script: string) =>
    target.evaluate(
      `(() => { const root = document.querySelector('chatbuddy-widget').shadowRoot; ${script} })()`,
    );

  beforeAll(async () => {
    buildWidget();
    world = await startWorld();
    project = await world.createProject('Nimbus Bakery', {}, [bakery, hostile]);
    pageUrl = await world.hostPage(project, 'data-starters="When do you open?|Gift cards?"');
    shots = process.env.SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'chatbuddy-widget-shots-')));
    browser = await chromium.launch({ executablePath: chromiumPath!, args: launchArgs });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('request', (request) => requests.push({ url: request.url(), headers: request.headers() }));
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('serves the script cacheably and renders despite a hostile host stylesheet', async () => {
    const script = await fetch(`${world.apiUrl}/widget.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = script.headers.get('etag')!;
    expect((await fetch(`${world.apiUrl}/widget.js`, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pageUrl);
    const launcher = page.locator('.launcher');
    await launcher.waitFor();
    const box = (await launcher.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(40);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(errors).toEqual([]);
  });

  it('opens with focus inside, streams an answer with its source, sending the key in a header only', async () => {
    await page.locator('.launcher').click();
    expect(await page.locator('[role="dialog"]').getAttribute('aria-label')).toBe('Nimbus Bakery Assistant');
    expect(await shadow(page, 'return root.activeElement && root.activeElement.id;')).toBe('chatbuddy-input');
    const answer = await ask(page, 'When is the shop open on Saturdays?');
    await expect.poll(() => answer.textContent()).toMatch(/8:00/);
    expect(await answer.locator('.sources strong').first().textContent()).toBe('Nimbus Bakery opening hours');
    const chat = requests.filter((request) => request.url.endsWith('/assistant/chat'));
    expect(chat.some((request) => request.headers.accept === 'text/event-stream')).toBe(true);
    expect(chat.every((request) => request.headers['x-api-key'] === project.publishableKey)).toBe(true);
    expect(requests.some((request) => request.url.includes(project.publishableKey))).toBe(false);
    expect(await answer.locator('.rating button').count()).toBe(2);
    const saved = page.waitForResponse((response) => response.url().includes('/feedback'));
    await answer.locator('.rating button').first().click();
    // Without the feedback route (404) the widget says quietly that the rating was not saved.
    const expected = (await saved).ok() ? 'Thanks for your feedback.' : 'Feedback not saved.';
    await expect.poll(() => answer.locator('.rating [role="status"]').textContent()).toBe(expected);
    expect(await answer.locator('.rating button').first().getAttribute('aria-pressed')).toBe('true');
    const feedback = requests.find((request) => request.url.includes('/feedback'));
    expect(feedback?.headers['x-api-key']).toBe(project.publishableKey);
  });

  it('keeps the conversation across a reload', async () => {
    await page.reload();
    await page.locator('.launcher').click();
    await expect
      .poll(() => page.locator('.message.user').allTextContents())
      .toEqual(['When is the shop open on Saturdays?']);
    expect(await page.locator('.message.assistant').nth(1).textContent()).toMatch(/8:00/);
  });

  it('is keyboard usable: Tab stays in the panel, Escape closes and returns focus to the launcher', async () => {
    for (let step = 0; step < 12; step += 1) {
      await page.keyboard.press('Tab');
      expect(
        await shadow(page, 'return Boolean(root.activeElement && root.activeElement.closest(".panel"));'),
      ).toBe(true);
    }
    await page.keyboard.press('Escape');
    expect(await page.locator('[role="dialog"]').isHidden()).toBe(true);
    expect(await shadow(page, 'return root.activeElement && root.activeElement.className;')).toBe('launcher');
    await page.keyboard.press('Enter');
    expect(await page.locator('[role="dialog"]').isVisible()).toBe(true);
  });

  it('shows hostile document text as text: no image, no script link, nothing executed', async () => {
    const answer = await ask(page, 'When does the gift card balance expire and how is it renewed?');
    await page.waitForTimeout(300);
    const text = await answer.textContent();
    expect(text).toContain('onerror=window.__pwned=1');
    const link = await ask(page, 'How is gift card renewal done online at the desk?');
    expect(await link.textContent()).toMatch(/renewal is done online x at the gift card desk/);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await shadow(page, 'return root.querySelectorAll("img, script, iframe").length;')).toBe(0);
    expect(
      await shadow(
        page,
        'return [...root.querySelectorAll("a")].map((a) => a.href).filter((h) => !/^https?:/.test(h)).length;',
      ),
    ).toBe(0);
    expect(await answer.isVisible()).toBe(true);
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 640 },
  ]) {
    it(`fits a ${viewport.width}×${viewport.height} viewport without horizontal scrolling`, async () => {
      await page.setViewportSize(viewport);
      if (await page.locator('[role="dialog"]').isHidden()) await page.locator('.launcher').click();
      const panel = (await page.locator('[role="dialog"]').boundingBox())!;
      expect(panel.x).toBeGreaterThanOrEqual(0);
      expect(panel.y).toBeGreaterThanOrEqual(0);
      expect(panel.x + panel.width).toBeLessThanOrEqual(viewport.width);
      expect(panel.y + panel.height).toBeLessThanOrEqual(viewport.height);
      if (viewport.width < 480) expect(panel.width).toBe(viewport.width);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      const input = (await page.locator('#chatbuddy-input').boundingBox())!;
      expect(input.y + input.height).toBeLessThanOrEqual(viewport.height);
      await page.screenshot({ path: join(shots, `widget-${viewport.width}x${viewport.height}.png`) });
    });
  }

  it('runs the lead flow (name, email, emailed code) and then says plainly when the answers are used up', async () => {
    const leads = await world.createProject(
      'Lead Bakery',
      {
        assistant: { leadCapture: true, privacyNoticeUrl: 'https://bakery.example/privacy' },
        modelConfig: { assistantMessageLimit: 1 },
      },
      [bakery],
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = await context.newPage();
    await visitor.goto(await world.hostPage(leads, 'data-lang="fr"'));
    await visitor.locator('.launcher').click();
    // The greeting asks the visitor's name in place of the generic welcome, not after it.
    await expect
      .poll(() => visitor.locator('.log').textContent())
      .toContain('https://bakery.example/privacy');
    expect(await visitor.locator('.message.assistant').count()).toBe(1);
    expect(await visitor.locator('.log').textContent()).not.toContain('Posez-moi vos questions.');
    await ask(visitor, 'Jane');
    await visitor.reload();
    await visitor.locator('.launcher').click();
    expect(await visitor.locator('.message.assistant').count()).toBe(2);
    expect(await visitor.locator('.log').textContent()).not.toContain('Posez-moi vos questions.');
    await ask(visitor, 'jane@example.com');
    expect(await visitor.locator('label[for="chatbuddy-input"]').textContent()).toBe('Code de vérification');
    // The box itself asks for the code (not "your question"), and lets the phone offer the mailed code.
    expect(await visitor.locator('#chatbuddy-input').getAttribute('placeholder')).toBe(
      'Code de vérification',
    );
    expect(await visitor.locator('#chatbuddy-input').getAttribute('autocomplete')).toBe('one-time-code');
    expect(await visitor.locator('.starters .action').textContent()).toBe('Envoyer un nouveau code');
    await ask(visitor, await world.lastCode('jane@example.com'));
    expect(await visitor.locator('label[for="chatbuddy-input"]').textContent()).toBe('Votre message');
    expect(await visitor.locator('#chatbuddy-input').getAttribute('placeholder')).not.toBe(
      'Code de vérification',
    );
    const answer = await ask(visitor, 'When is the shop open on Saturdays?');
    await expect.poll(() => answer.textContent()).toMatch(/8:00/);
    await visitor.locator('#chatbuddy-input').fill('And on weekdays?');
    await visitor.locator('#chatbuddy-input').press('Enter');
    await expect
      .poll(() => visitor.locator('.message.error').allTextContents())
      .toEqual(['Vous avez atteint le nombre de réponses disponibles dans cette discussion.']);
    expect(await visitor.locator('#chatbuddy-input').isDisabled()).toBe(true);
    // A reload remembers it: the notice is back and the box, which it describes, stays closed.
    await visitor.reload();
    await visitor.locator('.launcher').click();
    expect(await visitor.locator('.message.error').allTextContents()).toEqual([
      'Vous avez atteint le nombre de réponses disponibles dans cette discussion.',
    ]);
    expect(await visitor.locator('#chatbuddy-input').isDisabled()).toBe(true);
    expect(await visitor.locator('button[type="submit"]').isDisabled()).toBe(true);
    expect(
      await shadow(
        visitor,
        'return root.getElementById(root.getElementById("chatbuddy-input").getAttribute("aria-describedby")).textContent;',
      ),
    ).toBe('Vous avez atteint le nombre de réponses disponibles dans cette discussion.');
    // A new conversation (storage cleared) takes messages again.
    await visitor.evaluate('localStorage.clear()');
    await visitor.reload();
    await visitor.locator('.launcher').click();
    expect(await visitor.locator('.message.error').count()).toBe(0);
    expect(await visitor.locator('#chatbuddy-input').isDisabled()).toBe(false);
    await context.close();
  });

  it('shows right-to-left text right to left: question, answer, sources and the box', async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(pageUrl);
    await visitor.locator('.launcher').click();
    const question = 'متى يفتح المخبز؟ Nimbus Bakery opening hours';
    await ask(visitor, question);
    const direction = (selector: string) =>
      visitor.locator(selector).evaluateAll((found) => found.map((item) => item.matches(':dir(rtl)')));
    expect(await direction('.message.user')).toEqual([true]);
    expect(await direction('.message.assistant')).toContain(false); // English answers stay left to right
    await visitor.locator('#chatbuddy-input').fill('سؤال');
    expect(await direction('#chatbuddy-input')).toEqual([true]);
    await context.close();
  });

  it('says the website is not allowed when the project refuses its origin, not that the network failed', async () => {
    const guarded = await world.createProject('Guarded shop', { allowedOrigins: ['https://shop.example'] }, [
      bakery,
    ]);
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(await world.hostPage(guarded));
    await visitor.locator('.launcher').click();
    await expect.poll(() => visitor.locator('.message.error').count()).toBeGreaterThan(0);
    const error = (await visitor.locator('.message.error').last().textContent()) ?? '';
    expect(error).toContain('not allowed to use this chat');
    expect(error).not.toContain('could not reach');
    await context.close();
  });

  it('shows a plain error in the panel when the key attribute is missing', async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    const warnings: string[] = [];
    visitor.on('console', (message) => warnings.push(message.text()));
    await visitor.goto(
      await world.hostPage(project, 'data-position="middle" data-primary-color="red;x"', null),
    );
    await visitor.locator('.launcher').click();
    expect(await visitor.locator('.message.error').textContent()).toContain(
      'data-api-key attribute is missing',
    );
    expect(warnings.filter((text) => text.includes('data-position'))).toHaveLength(1);
    expect(warnings.filter((text) => text.includes('data-primary-color'))).toHaveLength(1);
    const launcher = (await visitor.locator('.launcher').boundingBox())!;
    expect(launcher.x + launcher.width).toBeGreaterThan(1000);
    await context.close();
  });

  it('shows a rating that could not be saved as not given', async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(pageUrl);
    await visitor.locator('.launcher').click();
    const answer = await ask(visitor, 'When do you open?');
    await visitor.route('**/feedback', (route) =>
      route.fulfill({
        status: 503,
        headers: { 'access-control-allow-origin': '*' },
        json: { error: { code: 'overloaded', message: 'busy' } },
      }),
    );
    const up = answer.locator('.rating button').first();
    await up.click();
    await expect
      .poll(() => answer.locator('.rating [role=status]').textContent())
      .toBe('Feedback not saved.');
    const pressed = (bubble: typeof answer) =>
      bubble
        .locator('.rating button')
        .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-pressed')));
    expect(await pressed(answer)).toEqual(['false', 'false']);
    await visitor.reload();
    await visitor.locator('.launcher').click();
    expect(await pressed(visitor.locator('.message.assistant').last())).toEqual(['false', 'false']);
    await context.close();
  });

  it('says plainly what went wrong: rate limit, refused origin, network failure with a retry, expired session', async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(pageUrl);
    await visitor.locator('.launcher').click();
    await expect.poll(() => visitor.evaluate('Object.keys(localStorage).length')).toBe(1);
    const headers = {
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'retry-after',
      'retry-after': '30',
    };
    const failWith = (status: number, code: string) =>
      visitor.route('**/assistant/chat', (route) =>
        route.fulfill({ status, headers, json: { error: { code, message: 'refused' } } }),
      );
    const send = async (text: string) => {
      // While an answer still streams the widget sends nothing (the button is disabled, Enter
      // does nothing): wait for it to finish, as a visitor would.
      await expect.poll(() => visitor.locator('.form button[type="submit"]').isEnabled()).toBe(true);
      await visitor.locator('#chatbuddy-input').fill(text);
      await visitor.locator('#chatbuddy-input').press('Enter');
    };
    const lastError = () => visitor.locator('.message.error').last().textContent();

    await failWith(429, 'rate_limited');
    await send('When do you open?');
    await expect.poll(lastError).toContain('wait 30 seconds');
    await visitor.unrouteAll();
    await failWith(403, 'origin_not_allowed');
    await send('When do you open?');
    await expect.poll(lastError).toContain('not allowed to use this chat');
    await visitor.unrouteAll();
    await visitor.route('**/assistant/chat', (route) => route.abort('failed'));
    await send('When is the shop open on Saturdays?');
    await expect.poll(lastError).toContain('could not reach the server');
    await visitor.unrouteAll();
    const answers = await visitor.locator('.message.assistant').count();
    await visitor.locator('.message.error .action').last().click();
    // The pressed button is gone: focus goes to the message box, not to the host page.
    expect(
      await visitor.evaluate(
        `document.querySelector('chatbuddy-widget').shadowRoot.activeElement?.id ?? null`,
      ),
    ).toBe('chatbuddy-input');
    await expect.poll(() => visitor.locator('.message.assistant').count()).toBe(answers + 1);
    // The new answer shows "Thinking…" until its first words arrive.
    await expect.poll(() => visitor.locator('.message.assistant').last().textContent()).toMatch(/8:00/);

    const sessionBefore = await visitor.evaluate('JSON.parse(Object.values(localStorage)[0]).sessionId');
    await visitor.route('**/assistant/chat', (route) => {
      const body = route.request().postDataJSON();
      if (body.message)
        return route.fulfill({
          status: 410,
          headers,
          json: { error: { code: 'session_expired', message: 'gone' } },
        });
      return route.fallback();
    });
    await send('Anything else?');
    await expect.poll(() => visitor.locator('.message.notice').count()).toBe(1);
    await visitor.unrouteAll();
    await expect
      .poll(() => visitor.evaluate('JSON.parse(Object.values(localStorage)[0]).sessionId'))
      .not.toBe(sessionBefore);
    await context.close();
  });

  it('sends a question typed while the session is still starting, once it has started', async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    // Opening the panel starts the session; a slow network holds that start for a while.
    await visitor.route('**/assistant/chat', async (route) => {
      if (route.request().method() === 'POST' && route.request().postData() === '{}')
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await visitor.goto(pageUrl);
    await visitor.locator('.launcher').click();
    await visitor.locator('#chatbuddy-input').fill('When is the shop open on Saturdays?');
    await visitor.locator('#chatbuddy-input').press('Enter');
    expect(await visitor.evaluate('Object.keys(localStorage).length')).toBe(0); // not started yet
    await expect
      .poll(() => visitor.locator('.message.user').allTextContents())
      .toEqual(['When is the shop open on Saturdays?']);
    await expect.poll(() => visitor.locator('.message.assistant').last().textContent()).toMatch(/8:00/);
    expect(await visitor.locator('#chatbuddy-input').inputValue()).toBe('');
    expect(await visitor.locator('.message.error').count()).toBe(0);
    await context.close();

    // With lead capture the start asks the visitor's name: the question typed meanwhile is not
    // taken for a name, it stays in the box under the assistant's question.
    const leads = await world.createProject('Lead Bakery 2', { assistant: { leadCapture: true } }, [bakery]);
    const leadContext = await browser.newContext();
    const lead = await leadContext.newPage();
    await lead.route('**/assistant/chat', async (route) => {
      if (route.request().postData() === '{}') await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await lead.goto(await world.hostPage(leads));
    await lead.locator('.launcher').click();
    await lead.locator('#chatbuddy-input').fill('When is the shop open on Saturdays?');
    await lead.locator('#chatbuddy-input').press('Enter');
    await expect.poll(() => lead.locator('.message.assistant').last().textContent()).toMatch(/name/i);
    expect(await lead.locator('.message.assistant').count()).toBe(1);
    expect(await lead.locator('.message.user').count()).toBe(0);
    expect(await lead.locator('#chatbuddy-input').inputValue()).toBe('When is the shop open on Saturdays?');
    await leadContext.close();
  });

  it('has no serious or critical axe-core violations in the open panel', async () => {
    // The host page's CSP forbids injected scripts; this context bypasses it for axe only.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const visitor = await context.newPage();
    await visitor.goto(pageUrl);
    await visitor.locator('.launcher').click();
    await ask(visitor, 'When is the shop open on Saturdays?');
    await visitor.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const result = (await visitor.evaluate(`axe
      .run({ include: [['chatbuddy-widget']] })
      .then((results) => ({
        passes: results.passes.length,
        serious: results.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')),
      }))`)) as { passes: number; serious: string[] };
    expect(result.passes).toBeGreaterThan(5);
    expect(result.serious).toEqual([]);
    await context.close();
  });
});
