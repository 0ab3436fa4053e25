import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AxeSummary, checkScreen, openInApp, viewports } from './testing/screen-checks.js';
import { buildBundles, startWorld, type World } from './testing/world.js';

const chromiumPath = process.env.CHROMIUM_PATH;
const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const owner = { name: 'Nora Nimbus', email: 'nora@nimbus.example', password: 'flour and water and salt' };

describe.skipIf(!chromiumPath)('dashboard in a real browser', () => {
  let world: World;
  let browser: Browser;
  let page: Page;
  let shots: string;
  let projectPath = '';
  let secretKey = '';
  let publishableKey = '';
  const axe: AxeSummary[] = [];
  const pageErrors: string[] = [];

  const tab = async (name: string) => {
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name, exact: true }).click();
    await page.locator('h1', { hasText: name }).waitFor();
  };
  const ask = async (question: string) => {
    const frame = page.frameLocator('iframe.playground');
    const answers = frame.locator('.message.assistant:not([aria-busy])');
    const before = await answers.count();
    await frame.locator('#chatbuddy-input').fill(question);
    await frame.locator('#chatbuddy-input').press('Enter');
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBeGreaterThan(before);
    return (await answers.nth(before).textContent()) ?? '';
  };

  beforeAll(async () => {
    buildBundles();
    world = await startWorld();
    shots = process.env.SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'chatbuddy-dashboard-shots-')));
    browser = await chromium.launch({ executablePath: chromiumPath!, args: launchArgs });
    page = await browser.newPage({ viewport: viewports.wide });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/.test(message.text()))
        pageErrors.push(message.text());
    });
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    if (axe.length)
      console.info(
        `axe-core: ${axe.length} screen checks, serious or critical: ${axe.flatMap((item) => item.serious).length}`,
      );
    await browser?.close();
    await world?.stop();
  });

  it('registers a new owner with the emailed code and logs in', async () => {
    await page.goto(`${world.url}/app`);
    await page.waitForURL(/\/app\/login$/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill(owner.name);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('.field .error').first().textContent()).toBeTruthy();
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('h1', { hasText: 'Confirm your email' }).waitFor();
    await page.getByLabel('Code').fill(await world.lastCode(owner.email));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Your email is confirmed' }).waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('h1', { hasText: 'Projects' }).waitFor();
    expect(await page.locator('.empty').textContent()).toMatch(/No projects yet/);
    expect(
      await page.evaluate('Object.keys(localStorage).filter((key) => /refresh|access/.test(key))'),
    ).toEqual([]);
  });

  it('creates a project and shows both keys once, with a working widget snippet', async () => {
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByLabel('Name').fill('Nimbus Bakery');
    // A provider this server has no settings for is refused under its field.
    await page.getByLabel('Model provider').selectOption('openai');
    await page.getByRole('button', { name: 'Create project' }).click();
    expect(await page.locator('.field .error').first().textContent()).toContain('OPENAI_API_KEY');
    await page.getByLabel('Model provider').selectOption('local');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.locator('h1', { hasText: 'Keys' }).waitFor();
    projectPath = new URL(page.url()).pathname.replace(/\/keys$/, '');
    secretKey = (await page.locator('code[data-kind="secret"]').textContent())!;
    publishableKey = (await page.locator('code[data-kind="publishable"]').textContent())!;
    expect(secretKey).toMatch(/^cb_sk_/);
    expect(publishableKey).toMatch(/^cb_pk_/);
    await expect
      .poll(() => page.locator('pre code').textContent())
      .toContain(`data-api-key="${publishableKey}"`);
    await page.reload();
    await page.locator('h1', { hasText: 'Keys' }).waitFor();
    expect(await page.locator('code[data-kind]').count()).toBe(0);
  });

  it('uploads a PDF and a Markdown file (one dropped) with per-file status, and finds them by title', async () => {
    await tab('Documents');
    expect(await page.locator('.empty').textContent()).toMatch(/No documents yet/);
    const markdown = await readFile(fixture('opening-hours.md'), 'utf8');
    await page.evaluate(
      ([text]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text!], 'opening-hours.md', { type: 'text/markdown' }));
        document
          .querySelector('.dropzone')!
          .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      [markdown],
    );
    // The keyboard reaches the file picker right after the heading, and its label shows the focus.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('document-files');
    expect(
      await page.evaluate(
        'getComputedStyle(document.querySelector("label[for=document-files]")).outlineStyle',
      ),
    ).toBe('solid');
    // The PDF's upload is held back: the owner keeps working meanwhile, and finds it still going.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/documents/file', async (route) => {
      if ((route.request().postDataBuffer()?.indexOf('price-list.pdf') ?? -1) >= 0) await held;
      await route.continue();
    });
    await page.setInputFiles('#document-files', [
      {
        name: 'price-list.pdf',
        mimeType: 'application/pdf',
        buffer: await readFile(fixture('price-list.pdf')),
      },
      { name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from([77, 90, 0, 1, 2, 3]) },
    ]);
    const states = page.locator('.upload-state');
    await expect.poll(() => page.locator('.upload.ready').count(), { timeout: 30_000 }).toBe(1);
    await tab('Keys');
    await tab('Documents');
    expect(await page.locator('.upload[data-file="price-list.pdf"] .upload-state').textContent()).toMatch(
      /^(Uploading|Indexing)/,
    );
    release();
    await expect
      .poll(() => page.locator('.upload-state').allTextContents(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^Ready/), expect.stringMatching(/^Ready/)]));
    await expect.poll(() => page.locator('.upload.ready').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => page.locator('.upload.failed').count()).toBe(1);
    expect(await page.locator('.upload.failed .upload-state').textContent()).toMatch(/^Failed: .+/);
    expect(await states.count()).toBe(3);
    await expect.poll(() => page.locator('.rows li[data-status="ready"]').count()).toBe(2);
    await page.getByLabel('Search by title').fill('PRICE');
    await expect.poll(() => page.locator('.rows li').count()).toBe(1);
    expect(await page.locator('.rows li strong').textContent()).toMatch(/price list/i);
    await page.getByLabel('Search by title').fill('bicycle');
    await page.locator('.empty', { hasText: 'No document title contains' }).waitFor();
    await page.getByLabel('Search by title').fill('');
    await expect.poll(() => page.locator('.rows li').count()).toBe(2);
  });

  it('answers in the playground with the real widget, and says I don’t know when the documents do not', async () => {
    await tab('Playground');
    expect(await ask('When is the shop open on Saturdays?')).toMatch(/8:00/);
    expect(await ask('How much does a sourdough loaf cost?')).toMatch(/4 euros/);
    expect(await ask('Do you repair bicycles?')).toMatch(/I don't know\./);
  });

  it('adds a curated answer from an unanswered question in analytics, and the assistant uses it', async () => {
    await tab('Analytics');
    await page.getByRole('link', { name: 'Answer this: Do you repair bicycles?' }).click();
    await page.locator('h1', { hasText: 'Curated answers' }).waitFor();
    expect(await page.getByLabel('Question', { exact: true }).inputValue()).toBe('Do you repair bicycles?');
    await page.getByLabel('Answer', { exact: true }).fill('No, we only bake bread and cakes.');
    await page.getByRole('button', { name: 'Add the answer' }).click();
    await page.getByRole('status').filter({ hasText: 'The answer was added' }).waitFor();
    expect(await page.locator('.rows li strong').textContent()).toBe('Do you repair bicycles?');
    await tab('Playground');
    expect(await ask('Do you repair bicycles?')).toMatch(/we only bake bread and cakes/);
  });

  it('reads a conversation with its sources', async () => {
    await tab('Conversations');
    await page.locator('.rows a').first().click();
    await page.locator('h1', { hasText: 'Conversation' }).waitFor();
    await expect.poll(() => page.locator('.message.assistant').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.message.assistant details summary').first().textContent()).toMatch(/sources/);
  });

  it('rotates the secret key with a grace period: the new key is shown once, the old one still works', async () => {
    await tab('Keys');
    await page.getByLabel('Key', { exact: true }).selectOption('secret');
    await page.getByLabel('Grace period for the old key').selectOption('3600');
    await page.getByRole('button', { name: 'Rotate key' }).click();
    const rotated = page.locator('code[data-kind="secret"]');
    await rotated.waitFor();
    const newKey = (await rotated.textContent())!;
    expect(newKey).toMatch(/^cb_sk_/);
    expect(newKey).not.toBe(secretKey);
    expect((await world.call('/documents', { key: newKey })).status).toBe(200);
    expect((await world.call('/documents', { key: secretKey })).status).toBe(200);
    expect(await page.locator('tbody tr').filter({ hasText: 'secret' }).count()).toBe(2);
  });

  it('turns on lead capture, lists, searches and exports leads as CSV, and erases one', async () => {
    await tab('Settings');
    await page.getByLabel(/lead capture/).check();
    await page.getByLabel('Privacy notice URL').fill('not a url');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.field .error').first().waitFor();
    await page.getByLabel('Privacy notice URL').fill('https://nimbus.example/privacy');
    const save = async () => {
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    };
    await save();
    // A webhook's secret is typed once: later saves keep it, and cleared fields stay cleared.
    await page.getByLabel('Lead webhook URL').fill('https://crm.nimbus.example/hook');
    await page.getByLabel('Lead webhook secret').fill('w'.repeat(24));
    await page.getByLabel('Assistant title').fill('Nimbus help');
    await save();
    await page.getByLabel('Assistant title').fill('');
    await save();
    expect(await page.getByLabel('Lead webhook URL').inputValue()).toBe('https://crm.nimbus.example/hook');
    expect(await page.getByLabel('Assistant title').inputValue()).toBe('');
    await page.getByLabel('Lead webhook URL').fill('');
    await save();
    for (const [name, email] of [
      ['Jane Baker', 'jane@visitor.example'],
      ['Tom Crumb', 'tom@visitor.example'],
    ] as const) {
      const post = (json: unknown) => world.call('/assistant/chat', { json, key: publishableKey });
      const { sessionId } = (await post({})).body;
      await post({ sessionId, message: name });
      expect((await post({ sessionId, message: email })).body.state).toBe('awaiting_otp');
      const otp = await world.lastCode(email);
      const verified = await world.call('/assistant/verify-otp', {
        json: { sessionId, otp },
        key: publishableKey,
      });
      expect(verified.body.state).toBe('ready');
    }
    await tab('Leads');
    await expect.poll(() => page.locator('.rows li').count()).toBe(2);
    await page.getByLabel('Search names and emails').fill('jane');
    await expect.poll(() => page.locator('.rows li').count()).toBe(1);
    await page.getByLabel('Email', { exact: true }).selectOption('true');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('jane@visitor.example');
    expect(csv).not.toContain('tom@visitor.example');
    await page.getByRole('button', { name: 'Erase jane@visitor.example' }).click();
    await page.getByRole('status').filter({ hasText: 'jane@visitor.example was erased.' }).waitFor();
    await page.locator('.empty', { hasText: 'No lead matches' }).waitFor();
  });

  it('passes the screen checks at 1280×800 and 360×640 on every main screen', async () => {
    const screens = [
      ['projects', '/app', 'Projects'],
      ['new-project', '/app/projects/new', 'New project'],
      ['documents', `${projectPath}/documents`, 'Documents'],
      ['playground', `${projectPath}/playground`, 'Playground'],
      ['conversations', `${projectPath}/conversations`, 'Conversations'],
      ['leads', `${projectPath}/leads`, 'Leads'],
      ['answers', `${projectPath}/answers`, 'Curated answers'],
      ['analytics', `${projectPath}/analytics`, 'Analytics'],
      ['keys', `${projectPath}/keys`, 'Keys'],
      ['settings', `${projectPath}/settings`, 'Settings'],
    ] as const;
    await page.goto(`${world.url}/app`);
    for (const viewport of [viewports.wide, viewports.narrow]) {
      await page.setViewportSize(viewport);
      for (const [name, path, heading] of screens) {
        await openInApp(page, path, heading);
        await checkScreen(page, name, shots, axe);
      }
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('logs out, revoking the refresh token, and checks the sign-in screens', async () => {
    await page.setViewportSize(viewports.wide);
    await page.goto(`${world.url}${projectPath}/documents`);
    await page.locator('h1', { hasText: 'Documents' }).waitFor();
    const refreshToken = (await page.evaluate(
      'sessionStorage.getItem("chatbuddy.dashboard.refresh")',
    )) as string;
    expect(refreshToken).toBeTruthy();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/app\/login$/);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect((await world.call('/auth/refresh', { json: { refreshToken } })).status).toBe(401);
    for (const viewport of [viewports.wide, viewports.narrow]) {
      await page.setViewportSize(viewport);
      for (const [name, heading] of [
        ['login', 'Log in'],
        ['register', 'Create an account'],
        ['verify', 'Confirm your email'],
      ] as const) {
        await openInApp(page, `/app/${name}`, heading);
        await checkScreen(page, name, shots, axe);
      }
    }
    expect(axe.flatMap((item) => item.serious)).toEqual([]);
  }, 120_000);

  it('says at sign-in that the session ended and returns to the page the user was on, never to another site', async () => {
    await page.setViewportSize(viewports.wide);
    const ended = page.getByRole('status').filter({ hasText: 'Your session has ended. Sign in again.' });
    const logIn = async () => {
      await page.getByLabel('Email').fill(owner.email);
      await page.getByLabel('Password').fill(owner.password);
      await page.getByRole('button', { name: 'Log in' }).click();
    };
    // A first visit (or a sign-out) says nothing about an ended session; a foreign return address is ignored.
    for (const next of ['https://evil.example/app/', '//evil.example/app/', '/app/../evil']) {
      await page.goto(`${world.url}/app/login?next=${encodeURIComponent(next)}`);
      await page.locator('h1', { hasText: 'Log in' }).waitFor();
      expect(await ended.count()).toBe(0);
      await logIn();
      await page.locator('h1', { hasText: 'Projects' }).waitFor();
      expect(new URL(page.url()).origin).toBe(world.url);
      expect(new URL(page.url()).pathname).toMatch(/^\/app\/?$/);
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(/\/app\/login$/);
      expect(await ended.count()).toBe(0);
    }
    await logIn();
    await page.locator('h1', { hasText: 'Projects' }).waitFor();
    await page.goto(`${world.url}${projectPath}/conversations?page=1`);
    await page.locator('h1', { hasText: 'Conversations' }).waitFor();
    // The session ends elsewhere (revoked): the next load finds it gone.
    const refreshToken = await page.evaluate('sessionStorage.getItem("chatbuddy.dashboard.refresh")');
    expect((await world.call('/auth/logout', { json: { refreshToken } })).status).toBe(204);
    await page.reload();
    await page.waitForURL(/\/app\/login\?next=/);
    await ended.waitFor();
    await logIn();
    await page.locator('h1', { hasText: 'Conversations' }).waitFor();
    expect(`${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(
      `${projectPath}/conversations?page=1`,
    );
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/app\/login$/);
  }, 90_000);

  it('lets an admin change a user’s role and read it in the audit log, on screens that pass the checks', async () => {
    const admin = { email: 'ada@nimbus.example', password: 'admin pass phrase 42' };
    await world.createAdmin(admin.email, admin.password);
    await page.setViewportSize(viewports.wide);
    await openInApp(page, '/app/login', 'Log in');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.locator('h1', { hasText: 'Users' }).waitFor();
    expect(await page.getByLabel(`Role of ${admin.email}`).isDisabled()).toBe(true);
    await page.getByLabel(`Role of ${owner.email}`).selectOption('admin');
    await page
      .getByRole('status')
      .filter({ hasText: `${owner.email}: role admin.` })
      .waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.locator('h1', { hasText: 'Audit log' }).waitFor();
    await page.getByLabel('Show').selectOption('user_role_changed');
    await expect.poll(() => page.locator('.rows li').count()).toBe(1);
    expect(await page.locator('.rows li').textContent()).toMatch(/user role changed/);
    for (const viewport of [viewports.wide, viewports.narrow]) {
      await page.setViewportSize(viewport);
      for (const [name, heading] of [
        ['users', 'Users'],
        ['audit', 'Audit log'],
      ] as const) {
        await openInApp(page, `/app/${name}`, heading);
        await checkScreen(page, name, shots, axe);
      }
    }
    expect(axe.flatMap((item) => item.serious)).toEqual([]);
  }, 90_000);
});
