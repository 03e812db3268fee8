// The demo in a real browser, for the tests in this folder: scripts/serve.mjs started on a
// free port and Debian's Chromium driven by playwright-core. No browser is ever downloaded:
// the tests use /usr/bin/chromium (CHROMIUM=… to point elsewhere).
//
// `openPage` gives a fresh page with watchers: console errors, page errors, dialogs and
// requests outside the page's origin are collected, and `done()` fails the test on any.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const shots = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

if (!existsSync(`${root}pkg/deploy_rollback_bg.wasm`)) {
  throw new Error('pkg/ is missing: build it with scripts/build-pkg.sh first');
}
mkdirSync(shots, { recursive: true });

/** Starts the demo server and the browser: `{ origin, browser, stop }`. */
export async function startDemo() {
  const server = spawn(process.execPath, [`${root}scripts/serve.mjs`], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const origin = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${out}`)), 10000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    server.stderr.on('data', (chunk) => (out += chunk));
    server.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}: ${out}`)));
  });
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (error) {
    // No browser: the server must not outlive the failure (node would wait for it forever).
    server.kill('SIGTERM');
    throw error;
  }
  const stop = async () => {
    await browser.close();
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  };
  return { origin, browser, stop };
}

/**
 * A fresh page on the demo at `path` (a fragment, say), with watchers; waits until the page
 * is ready unless `wait` is false. Options: width, height, timezoneId, locale, colorScheme,
 * and `phone` (a touch screen without a mouse: taps, `(hover: none)`, a mobile viewport).
 */
export async function openPage(t, { origin, browser }, { path = '/', width = 1400, height = 900, timezoneId = 'America/Los_Angeles', locale = 'en-GB', colorScheme = 'light', wait = true, phone = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, timezoneId, locale, colorScheme, hasTouch: phone, isMobile: phone });
  // The Deploy History and the plan are <rollback-preview>'s, in its open shadow root: the
  // tests' page functions reach them through previewRoot() (playwright's locators pierce
  // shadow roots by themselves).
  await context.addInitScript(() => {
    window.previewRoot = () => document.querySelector('rollback-preview').shadowRoot;
  });
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`request outside the origin: ${url}`);
  });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(`${origin}${path}`);
  if (wait) await ready(page);
  const done = async () => {
    assert.deepEqual(problems, [], 'no console errors, page errors, failed or foreign requests');
    assert.deepEqual(dialogs, [], 'no dialog opened');
    assert.equal(await page.locator('#fatal').isHidden(), true, 'no fatal error box');
    await context.close();
  };
  t.after(() => context.close().catch(() => {}));
  return { page, context, done, problems, dialogs, requests };
}

/** Waits until the page has drawn its story and listed the presets. */
export const ready = (page) =>
  page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && document.documentElement.dataset.presets === 'true');

/** Waits until the history shows `n` rows. */
export const rowsAre = (page, n) => page.waitForFunction((count) => previewRoot().querySelectorAll('#history-body tr').length === count, n);

/** Waits until the address holds the current story. */
export const hashReady = (page) => page.waitForFunction(() => document.documentElement.dataset.hash === 'ready');

export const rows = (page) => page.locator('#history-body tr');
export const cellTexts = (row) => row.locator('td').allInnerTexts();
export async function topRow(page) {
  const row = rows(page).first();
  return {
    time: (await row.locator('.cell-time time').innerText()).trim(),
    author: (await row.locator('.cell-author').innerText()).trim(),
    type: (await row.locator('.cell-type .type-name').innerText()).trim(),
    image: (await row.locator('.cell-image').innerText()).trim(),
    bundle: (await row.locator('.cell-bundle').innerText()).trim(),
    runtime: (await row.locator('.cell-runtime').innerText()).trim(),
    description: await row.locator('.cell-description').textContent(),
  };
}
export const rowIds = (page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.dataset.id));
export const verdict = (page) => page.locator('#verdict').getAttribute('data-verdict');
export const shot = (page, name, fullPage = false) => page.screenshot({ path: `${shots}${name}.png`, fullPage });
/** How many CSS pixels the page is wider than its viewport (0 when it does not scroll sideways). */
export const sideways = (page) => page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
