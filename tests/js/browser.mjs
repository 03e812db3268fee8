// Chromium for the element's tests in this folder: a tiny static server for the built pkg/
// (at /pkg/) and pages written by the tests, and Debian's Chromium driven by
// playwright-core. No browser is ever downloaded: CHROMIUM=… points elsewhere than
// /usr/bin/chromium.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

if (!existsSync(join(root, 'pkg/deploy_rollback_bg.wasm')) || !existsSync(join(root, 'pkg/element.js'))) {
  throw new Error('pkg/ is missing or has no element.js: build it with scripts/build-pkg.sh first');
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css' };

/**
 * Serves `pages` (a Map of path → HTML text, filled by the tests at any time) and pkg/ at
 * /pkg/. Returns `{ origin, pages, close }`. `headers` are sent with every page.
 */
export async function serve({ headers = {} } = {}) {
  const pages = new Map();
  const pkg = join(root, 'pkg');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pages.has(path)) {
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store', ...headers }).end(pages.get(path));
      return;
    }
    if (path.startsWith('/pkg/') && !path.includes('..') && !path.includes('\0')) {
      const file = normalize(join(pkg, path.slice(5)));
      if (file.startsWith(pkg) && existsSync(file)) {
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store', ...headers }).end(readFileSync(file));
        return;
      }
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, pages, close: () => new Promise((resolve) => server.close(resolve)) };
}

export const launch = () => chromium.launch({ executablePath, args: CHROMIUM_ARGS });

/**
 * A page at `url` with watchers: console errors, page errors, failed requests and requests
 * to another origin are collected and `done()` fails the test on any.
 */
export async function openPage(t, browser, url, { width = 1200, height = 900, colorScheme = 'light', wait = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, timezoneId: 'America/Los_Angeles', locale: 'en-GB' });
  t.after(() => context.close().catch(() => {}));
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(url).origin;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) problems.push(`request outside the origin: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(url);
  if (wait) await page.waitForFunction(() => window.ready === true, null, { timeout: 30000 });
  const done = async () => {
    assert.deepEqual(problems, [], 'no console errors, page errors or failed and foreign requests');
    await context.close();
  };
  return { page, context, problems, done };
}

/** The built-in example scenario, from the package in Node. */
export async function exampleScenario() {
  const engine = await import(join(root, 'pkg/node.js'));
  return engine.exampleScenario();
}

export const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
