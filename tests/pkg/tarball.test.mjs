// The package as a user gets it (issue 13, items 9–11; issue 19 §3): `npm pack` of pkg/,
// checked by publint and Are-the-types-wrong, installed into a scratch app in a temporary
// folder, then used the four ways the README shows:
// - Node, with no init call (the `node` export condition), `import` and `require`;
// - TypeScript, the types found through the `exports` map (the .wasm's export too);
// - the README's Vite recipe, as written, on Vite 5 and on current Vite: a dev server and a
//   build (`vite preview`), in Chromium;
// - esbuild bundles (the .wasm copied by the `file` loader, or beside the bundle), in Chromium;
// - the element (`deploy-rollback/element`, <rollback-preview>): a Vite build of a tiny app
//   and a React app bundled by esbuild, in Chromium, and its types.
// Each also checks the misuse errors: "call init() first", "this PreparedScenario was freed",
// and `fromAstroApi(…, new Date())`; and a .wasm address that answers with an HTML page
// fails with an error that says so and names the fix.
//
//   node --test tests/pkg/
//
// Offline-friendly: the tarball is local, and vite (current and 5), esbuild, react and
// react-dom are installed at the versions of the repository's own dev dependencies (`npm ci`
// put them in npm's cache) with --prefer-offline. Every server listens on 127.0.0.1 only; the browser is Debian's Chromium.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkgDir = join(root, 'pkg');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const versionOf = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

if (!existsSync(join(pkgDir, 'deploy_rollback_bg.wasm')) || !existsSync(join(pkgDir, 'index.js'))) {
  throw new Error('pkg/ is missing: build it with scripts/build-pkg.sh first');
}

let scratch;
let tarball;
let packed;
let browser;

/** What every environment runs, as an ES module: the answers and the misuse errors. */
const APP = `
import init, { exampleScenario, planRollback, checkEligibility, PreparedScenario, resolvedOptions, fromAstroApi, engineVersion } from "deploy-rollback";

export async function run(load) {
  const out = {};
  try {
    planRollback(exampleScenario(), "d2");
    out.beforeInit = "no error";
  } catch (e) {
    out.beforeInit = e.message;
  }
  await load(init);
  const plan = planRollback(exampleScenario(), "d2", "from the packed package");
  out.verdict = plan.verdict;
  out.newEntry = [plan.newEntry.createdAt, plan.newEntry.imageTag, plan.newEntry.description];
  out.current = checkEligibility(exampleScenario()).current;
  const prepared = new PreparedScenario(exampleScenario());
  out.preparedVerdict = prepared.planRollback("d1").verdict;
  prepared.free();
  prepared.free();
  try {
    prepared.checkEligibility();
    out.freed = "no error";
  } catch (e) {
    out.freed = e.message;
  }
  const deploys = { deploys: [{ id: "x1", createdAt: "2024-01-01T00:00:00Z", type: "IMAGE_AND_DAG", status: "DEPLOYED", astroRuntimeVersion: "12.4.0", imageTag: "t" }] };
  out.importedNow = fromAstroApi({ id: "dep", name: "n" }, deploys, new Date("2024-01-02T03:04:05Z")).now;
  out.maxDescriptionChars = resolvedOptions(exampleScenario()).maxDescriptionChars;
  out.version = engineVersion();
  return out;
}
`;

function expectAnswers(out, { beforeInit }) {
  assert.equal(out.verdict, 'allowed');
  assert.deepEqual(out.newEntry, ['2023-11-08T13:00:00Z', 'deploy-2023-11-06T14-00', 'from the packed package']);
  assert.equal(out.current, 'd3');
  assert.equal(out.preparedVerdict, 'allowed');
  assert.match(out.freed, /this PreparedScenario was freed/);
  assert.doesNotMatch(out.freed, /null pointer/);
  assert.equal(out.importedNow, '2024-01-02T03:04:05Z');
  assert.equal(out.maxDescriptionChars, 500);
  assert.equal(out.version, packed.version);
  if (beforeInit === 'error') {
    assert.match(out.beforeInit, /call init\(\) first/);
    assert.doesNotMatch(out.beforeInit, /Cannot read properties/);
  } else {
    assert.equal(out.beforeInit, 'no error', 'in Node the module is loaded on import');
  }
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000, ...options });
}

/** A free port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `bin args` in `cwd` (the scratch app's) and waits for `http://127.0.0.1:port` to answer. */
async function startServer(t, bin, args, port, cwd = scratch) {
  const child = spawn(process.execPath, [join(scratch, 'node_modules', bin), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c) => (log += c));
  child.stderr.on('data', (c) => (log += c));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  t.after(stop);
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${bin} exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${origin}/`);
      if (res.ok) return { origin, log: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${bin} did not answer on ${origin}:\n${log}`);
}

/**
 * A static server for a folder, with the .wasm MIME type. With `fallback` (a MIME type), a
 * missing file is answered with the folder's index.html as that type, as a single-page
 * app's dev server does.
 */
async function serveFolder(t, dir, { fallback } = {}) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    if (path.includes('..')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(dir, path));
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      if (fallback) res.writeHead(200, { 'Content-Type': fallback }).end(readFileSync(join(dir, 'index.html')));
      else res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}`;
}

/**
 * A new Chromium page for `url` (closed when the test ends) that records as `problems`
 * page errors, console errors and requests outside the page's origin; `logs` collects
 * what it printed with console.log.
 */
async function watchedPage(t, url, { viewport, logs = [] } = {}) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  t.after(() => context.close().catch(() => {}));
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(url).origin;
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    if (m.type() === 'log') logs.push(m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:') && !r.url().startsWith(`blob:${origin}/`)) problems.push(`request outside the origin: ${r.url()}`);
  });
  return { context, page, problems };
}

/** Opens `url` in `page` and waits for what the app put in `window.result`. */
async function resultOf(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30000 });
  return page.evaluate(() => window.result);
}

/**
 * Opens `url` in Chromium, waits for the app's answers, and checks that nothing went
 * elsewhere. `logs` collects what the page printed with console.log.
 */
async function answersIn(t, url, logs = []) {
  const { context, page, problems } = await watchedPage(t, url, { logs });
  const wasm = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push([r.url(), r.status(), r.headers()['content-type']]);
  });
  const out = await resultOf(page, url);
  assert.equal(out.error, undefined, out.error);
  assert.deepEqual(problems, []);
  assert.equal(wasm.length, 1, `one .wasm fetched: ${JSON.stringify(wasm)}`);
  assert.equal(wasm[0][1], 200);
  await context.close();
  return out;
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'deploy-rollback-app-'));
  // npm pack, as a publisher would.
  const [info] = JSON.parse(run(npm, ['pack', pkgDir, '--json', '--pack-destination', scratch], { cwd: scratch }));
  packed = info;
  tarball = join(scratch, info.filename);
  // The scratch app: the tarball, and the bundlers at the repository's versions.
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }, null, 2));
  const bundlers = [`vite@${versionOf('vite')}`, `vite5@npm:vite@${versionOf('vite5')}`, `esbuild@${versionOf('esbuild')}`, `react@${versionOf('react')}`, `react-dom@${versionOf('react-dom')}`];
  run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, ...bundlers], {
    cwd: scratch,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (scratch && !process.env.KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
});

describe('9. the package', () => {
  test('package.json: exports with types, node and default; files; licence; README', (t) => {
    const manifest = JSON.parse(readFileSync(join(scratch, 'node_modules/deploy-rollback/package.json'), 'utf8'));
    assert.equal(manifest.name, 'deploy-rollback');
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.license, 'Apache-2.0');
    const dot = manifest.exports['.'];
    assert.deepEqual(Object.keys(dot), ['types', 'node', 'import', 'default'], 'types first, then node, then the web build');
    assert.equal(dot.types, './index.d.ts');
    assert.equal(dot.node, './node.js');
    assert.equal(dot.default, './index.js');
    assert.deepEqual(manifest.exports['./deploy_rollback_bg.wasm'], { types: './deploy_rollback_bg.wasm.url.d.ts', default: './deploy_rollback_bg.wasm' }, 'the .wasm export has types');
    assert.deepEqual(manifest.exports['./element'], { types: './element.d.ts', default: './element.js' }, 'the element is its own entry');
    // The oldest Node the tests run on (scripts/setup.sh asks for 20 or newer) is the one stated.
    assert.equal(manifest.engines.node, '>=20');
    assert.ok(Number(process.versions.node.split('.')[0]) >= 20, `these tests run on Node ${process.versions.node}`);
    // No address is set while the repository has none (Cargo.toml says where to set it);
    // when one is, it is Cargo.toml's, and `bugs` its issues page.
    const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
    const workspaceRepository = /^\[workspace\.package\][^[]*?^repository = "([^"]*)"/m.exec(cargo)?.[1];
    if (workspaceRepository) {
      assert.equal(manifest.repository.url, `git+${workspaceRepository.replace(/\/$/, '')}.git`);
      assert.equal(manifest.bugs.url, `${workspaceRepository.replace(/\/$/, '')}/issues`);
    } else {
      assert.equal(manifest.repository, undefined);
      assert.equal(manifest.bugs, undefined);
    }
    const files = packed.files.map((f) => f.path).sort();
    assert.equal(manifest.exports['./schema/*'], './schema/*', 'the JSON Schemas are exported');
    for (const file of ['LICENSE', 'README.md', 'element.js', 'element.d.ts', 'deploy_rollback.d.ts', 'deploy_rollback.js', 'deploy_rollback_bg.wasm', 'deploy_rollback_bg.wasm.url.d.ts', 'index.d.ts', 'index.js', 'node.js', 'package.json', 'schema/scenario.schema.json', 'schema/plan.schema.json', 'schema/codes.json']) {
      assert.ok(files.includes(file), `${file} is in the tarball: ${files.join(', ')}`);
    }
    const license = readFileSync(join(scratch, 'node_modules/deploy-rollback/LICENSE'), 'utf8');
    assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
    assert.equal(license, readFileSync(join(root, 'LICENSE'), 'utf8'));
    const readme = readFileSync(join(scratch, 'node_modules/deploy-rollback/README.md'), 'utf8');
    for (const part of ['npm install deploy-rollback', '## Node', 'without a bundler', '## Bundlers', 'optimizeDeps', 'esbuild', '## API', 'resolvedOptions', '<rollback-preview', 'deploy-rollback/element', 'targetchange', 'planchange', '::part', '--rp-']) {
      assert.ok(readme.includes(part), `the npm README has ${part}`);
    }
    t.diagnostic(`tarball ${packed.filename}: ${packed.size.toLocaleString('en')} bytes packed, ${packed.unpackedSize.toLocaleString('en')} unpacked, ${files.length} files`);
  });

  test('publint and Are-the-types-wrong find nothing in the tarball', () => {
    // publint: every message counts, suggestions included.
    return publint({ pack: { tarball: readFileSync(tarball).buffer }, level: 'suggestion', strict: true }).then(({ messages, pkg }) => {
      assert.deepEqual(
        messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`),
        [],
      );
      // Are-the-types-wrong, with its profile for packages that are ES modules only: this one
      // has no CommonJS build, so a `require` from CommonJS resolves to an ES module by design
      // (Node 20.19 and 22.12 on load it; older ones cannot), and `node10` resolution, which
      // predates `exports`, is not a target. Every other problem fails the test.
      const attw = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
      // The CLI's exit status applies the profile; its JSON lists every problem, ignored or not.
      const table = spawnSync(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], { encoding: 'utf8' });
      assert.equal(table.status, 0, table.stdout + table.stderr);
      const report = JSON.parse(run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'json']));
      const problems = Object.values(report.problems ?? {}).flat();
      const outOfProfile = (p) => ['node10', 'node16-cjs'].includes(p.resolutionKind);
      assert.deepEqual(problems.filter((p) => !outOfProfile(p)), []);
      assert.ok(problems.every((p) => p.kind === 'CJSResolvesToESM'), 'the only problem outside the profile is the one it is for');
      const entrypoints = Object.keys(report.analysis.entrypoints);
      assert.deepEqual(entrypoints.sort(), ['.', './deploy_rollback_bg.wasm', './element', './package.json', './schema/*']);
    });
  });

  test('Node: import with no init call, and require', () => {
    writeFileSync(join(scratch, 'app.mjs'), APP);
    writeFileSync(join(scratch, 'node-import.mjs'), `import { run } from "./app.mjs";\nconsole.log(JSON.stringify(await run(async (init) => init())));\n`);
    expectAnswers(JSON.parse(run(process.execPath, ['node-import.mjs'], { cwd: scratch })), { beforeInit: 'loaded' });
    writeFileSync(
      join(scratch, 'node-require.cjs'),
      `const { planRollback, exampleScenario } = require("deploy-rollback");\nconsole.log(planRollback(exampleScenario(), "d2").verdict);\n`,
    );
    // docs/contract.md's Node example, as written.
    const contract = readFileSync(join(root, 'docs/contract.md'), 'utf8');
    const nodeExample = /```js\n(\/\/ Node\n[\s\S]*?)```/.exec(contract)[1];
    writeFileSync(join(scratch, 'contract-node.mjs'), `${nodeExample}\nconsole.log(plan.verdict, plan.newEntry.imageTag, listing.current);\n`);
    assert.equal(run(process.execPath, ['contract-node.mjs'], { cwd: scratch }).trim(), 'allowed deploy-2023-11-06T14-00 d3');
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19)) {
      assert.equal(run(process.execPath, ['node-require.cjs'], { cwd: scratch }).trim(), 'allowed');
    }
  });

  test('TypeScript finds the types through the exports map', () => {
    writeFileSync(
      join(scratch, 'check.ts'),
      `import init, { planRollback, exampleScenario, fromAstroApi, resolvedOptions, type Plan, type ResolvedOptions } from "deploy-rollback";
import wasmUrl from "deploy-rollback/deploy_rollback_bg.wasm";
export async function main(): Promise<string> {
  const url: string = wasmUrl;
  await init({ module_or_path: url });
  const plan: Plan = planRollback(exampleScenario(), "d2");
  const options: ResolvedOptions = resolvedOptions(exampleScenario());
  const scenario = fromAstroApi({ id: "x" }, { deploys: [] }, new Date());
  return plan.verdict + options.maxDescriptionChars + scenario.now;
}
`,
    );
    // The element's types: the tag name map, the properties, the events' details.
    writeFileSync(
      join(scratch, 'check-element.ts'),
      `import "deploy-rollback/element";
import type { PlanChangeEvent, RollbackPreview, TargetChangeDetail } from "deploy-rollback/element";
import type { Plan, Verdict } from "deploy-rollback";
export function wire(): Verdict | null {
  const preview: RollbackPreview | null = document.querySelector("rollback-preview");
  if (!preview) return null;
  preview.scenario = { now: "2023-11-08T13:00:00Z", deployment: { id: "d", name: "n" }, history: [] };
  preview.target = "d2";
  preview.now = new Date();
  preview.theme = "dark";
  preview.addEventListener("planchange", (e: PlanChangeEvent) => {
    const plan: Plan | null = e.detail.plan;
    console.log(plan?.warnings.map((w) => w.title), e.detail.error?.code);
  });
  preview.compareWith = "d3";
  preview.addEventListener("comparechange", (e) => console.log(e.detail.comparison?.direction, e.detail.comparison?.fields[0]?.label));
  preview.addEventListener("targetchange", (e) => {
    const detail: TargetChangeDetail = e.detail;
    if (detail.previous === null) e.preventDefault();
  });
  const made = document.createElement("rollback-preview");
  made.pageSize = 20;
  return preview.plan?.verdict ?? made.plan?.verdict ?? null;
}
`,
    );
    for (const resolution of [['bundler', 'ESNext'], ['node16', 'node16']]) {
      writeFileSync(
        join(scratch, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: resolution[1], moduleResolution: resolution[0], lib: ['ES2022', 'DOM'], skipLibCheck: false }, files: ['check.ts', 'check-element.ts'] }),
      );
      run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: scratch });
    }
  });
});

describe('10. bundlers, in Chromium', () => {
  const page = (script) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>scratch</title><script type="module" src="${script}"></script>\n`;
  const entry = (load) => `import { run } from "./app.mjs";\nrun(${load}).then((r) => { window.result = r; }, (e) => { window.result = { error: String(e && e.stack || e) }; });\n`;

  /** The README's Vite recipe: the ```js blocks that start `// vite.config.js` and `// main.js`. */
  function viteRecipe() {
    const blocks = (text) => {
      const vite = text.slice(text.search(/\*\*Vite\.?\*\*/), text.indexOf('**esbuild**'));
      return [...vite.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    };
    const [config, main] = blocks(readFileSync(join(root, 'README.md'), 'utf8'));
    assert.match(config, /^\/\/ vite\.config\.js\n/);
    assert.match(main, /^\/\/ main\.js\n/);
    const npmReadme = blocks(readFileSync(join(root, 'js/README.md'), 'utf8'));
    assert.deepEqual(npmReadme.slice(0, 2), [config, main], "the npm README's recipe is the same");
    return { config, main };
  }

  /**
   * An app folder inside the scratch app (its node_modules are the scratch app's): the
   * README's vite.config.js and main.js as written, with the checks of every environment
   * appended to main.js. They run while the recipe's init() is still loading, so a call
   * before it completes must say "call init() first".
   */
  function viteApp(name, { config, main }) {
    const dir = join(scratch, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'app.mjs'), APP);
    writeFileSync(join(dir, 'index.html'), page('/main.js'));
    writeFileSync(join(dir, 'vite.config.js'), config);
    writeFileSync(join(dir, 'main.js'), `${main}\n${entry('(init) => init()')}`);
    return dir;
  }

  const VITES = [
    { name: 'Vite 5', bin: 'vite5/bin/vite.js', dir: 'vite5-app' },
    { name: `current Vite`, bin: 'vite/bin/vite.js', dir: 'vite-app' },
  ];

  for (const vite of VITES) {
    test(`${vite.name}: the README's recipe as written, in a dev server`, async (t) => {
      const dir = viteApp(vite.dir, viteRecipe());
      const port = await freePort();
      // --force: the two Vite versions share the scratch app's dependency cache.
      const { origin } = await startServer(t, vite.bin, ['--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'], port, dir);
      const logs = [];
      expectAnswers(await answersIn(t, `${origin}/`, logs), { beforeInit: 'error' });
      assert.ok(logs.includes('allowed'), `the recipe printed the verdict: ${JSON.stringify(logs)}`);
      t.diagnostic(`vite ${JSON.parse(readFileSync(join(scratch, 'node_modules', vite.bin, '../../package.json'), 'utf8')).version}`);
    });

    test(`${vite.name}: the README's recipe as written, built and served by vite preview`, async (t) => {
      const dir = viteApp(vite.dir, viteRecipe());
      run(process.execPath, [join(scratch, 'node_modules', vite.bin), 'build', '--logLevel', 'warn'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      const assets = readdirSync(join(dir, 'dist/assets'));
      assert.ok(assets.some((f) => f.endsWith('.wasm')), `the build copied the .wasm: ${assets.join(', ')}`);
      const port = await freePort();
      const { origin } = await startServer(t, vite.bin, ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], port, dir);
      const logs = [];
      expectAnswers(await answersIn(t, `${origin}/`, logs), { beforeInit: 'error' });
      assert.ok(logs.includes('allowed'), `the recipe printed the verdict: ${JSON.stringify(logs)}`);
    });
  }

  test("Vite 5 without the recipe's optimizeDeps line: the error says the .wasm address answered a page, and names the fix", async (t) => {
    // Vite 5 pre-bundles the package into node_modules/.vite/deps/ and does not copy the
    // .wasm there: its address answers with the dev server's index.html.
    const { main } = viteRecipe();
    const dir = viteApp('vite5-no-exclude', { config: 'export default {};\n', main });
    const port = await freePort();
    const { origin } = await startServer(t, 'vite5/bin/vite.js', ['--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'], port, dir);
    const { page: tab } = await watchedPage(t, `${origin}/`);
    const { error } = await resultOf(tab, `${origin}/`);
    assert.match(error, /deploy_rollback_bg\.wasm and got an HTML page instead of the WebAssembly module/);
    assert.match(error, /optimizeDeps: \{ exclude: \["deploy-rollback"\] \} in vite\.config\.js/);
    assert.doesNotMatch(error, /magic word/);
  });

  test("Vite 5: a top-level await init() builds only with the README's es2022 target", () => {
    const { config } = viteRecipe();
    const dir = viteApp('vite5-await', { config, main: 'import init from "deploy-rollback";\nawait init();\n' });
    const vite5 = join(scratch, 'node_modules/vite5/bin/vite.js');
    const failed = spawnSync(process.execPath, [vite5, 'build', '--logLevel', 'error'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.notEqual(failed.status, 0, 'the default target refuses top-level await');
    assert.match(failed.stdout + failed.stderr, /Top-level await is not available in the configured target environment/);
    writeFileSync(join(dir, 'vite.config.js'), 'export default {\n  optimizeDeps: { exclude: ["deploy-rollback"] },\n  build: { target: "es2022" },\n};\n');
    run(process.execPath, [vite5, 'build', '--logLevel', 'warn'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  });

  test('esbuild: the .wasm through the file loader, or copied beside the bundle', async (t) => {
    writeFileSync(join(scratch, 'app.mjs'), APP);
    const out = join(scratch, 'esb');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    // 1. The README's import of the .wasm's URL with the file loader.
    writeFileSync(
      join(scratch, 'esb-loader.js'),
      `import wasmUrl from "deploy-rollback/deploy_rollback_bg.wasm";\n${entry('async (init) => init({ module_or_path: wasmUrl })')}`,
    );
    // 2. No URL given: init() looks beside the bundle, where the .wasm is copied.
    writeFileSync(join(scratch, 'esb-copy.js'), entry('async (init) => init()'));
    const esbuild = join(scratch, 'node_modules/esbuild/bin/esbuild');
    run(esbuild, ['esb-loader.js', '--bundle', '--format=esm', '--loader:.wasm=file', `--outdir=${out}/loader`, '--log-level=warning'], { cwd: scratch });
    run(esbuild, ['esb-copy.js', '--bundle', '--format=esm', `--outdir=${out}/copy`, '--log-level=warning'], { cwd: scratch });
    cpSync(join(scratch, 'node_modules/deploy-rollback/deploy_rollback_bg.wasm'), join(out, 'copy/deploy_rollback_bg.wasm'));
    writeFileSync(join(out, 'loader/index.html'), page('esb-loader.js'));
    writeFileSync(join(out, 'copy/index.html'), page('esb-copy.js'));
    const origin = await serveFolder(t, out);
    expectAnswers(await answersIn(t, `${origin}/loader/index.html`), { beforeInit: 'error' });
    expectAnswers(await answersIn(t, `${origin}/copy/index.html`), { beforeInit: 'error' });
  });
  test('a .wasm address that answers with an HTML page: the error says so and names the fix', async (t) => {
    // A bundle whose .wasm was not copied, served by a server that answers every missing
    // file with the app's page, as a single-page app's dev server does: once as text/html,
    // once with a type that says nothing.
    const dir = join(scratch, 'esb-spa');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(join(scratch, 'app.mjs'), APP);
    writeFileSync(join(scratch, 'esb-spa.js'), entry('async (init) => init()'));
    run(join(scratch, 'node_modules/esbuild/bin/esbuild'), ['esb-spa.js', '--bundle', '--format=esm', `--outdir=${dir}`, '--log-level=warning'], { cwd: scratch });
    writeFileSync(join(dir, 'index.html'), page('esb-spa.js'));
    for (const fallback of ['text/html; charset=utf-8', 'application/octet-stream']) {
      const origin = await serveFolder(t, dir, { fallback });
      const { context, page: tab } = await watchedPage(t, `${origin}/`);
      const { error } = await resultOf(tab, `${origin}/`);
      assert.match(error, new RegExp(`fetched ${origin}/deploy_rollback_bg\\.wasm and got an HTML page instead of the WebAssembly module`), fallback);
      assert.match(error, /dev server's fallback page/);
      assert.match(error, /optimizeDeps: \{ exclude: \["deploy-rollback"\] \}/);
      assert.match(error, /init\(\{ module_or_path: url \}\)/);
      assert.doesNotMatch(error, /magic word/);
      await context.close();
    }
  });
});

describe('11. the element, deploy-rollback/element, in Chromium', () => {
  let scenario;

  before(async () => {
    // The scenario the apps show: the built-in example, from the package in Node.
    const node = await import(join(scratch, 'node_modules/deploy-rollback/node.js'));
    scenario = node.exampleScenario();
  });

  /** Opens `url`, waits for `window.result` (the app sets it) and checks nothing went wrong. */
  async function appIn(t, url, act) {
    const { context, page, problems } = await watchedPage(t, url, { viewport: { width: 390, height: 844 } });
    await page.goto(url);
    await page.waitForFunction(() => window.events && window.events.some((e) => e.type === 'planchange'), null, { timeout: 30000 });
    const out = await act(page);
    assert.deepEqual(problems, []);
    assert.equal(await page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)), 0, 'no sideways scroll at 390 px');
    await context.close();
    return out;
  }

  test('a Vite build of a tiny app that imports the element (no init call, no formatter)', async (t) => {
    const app = join(scratch, 'element-vite');
    rmSync(app, { recursive: true, force: true });
    mkdirSync(app);
    writeFileSync(
      join(app, 'index.html'),
      `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>element</title>
<script type="module" src="./main.js"></script>
<rollback-preview target="d2"></rollback-preview>
`,
    );
    writeFileSync(
      join(app, 'main.js'),
      `import "deploy-rollback/element";
const scenario = ${JSON.stringify(scenario)};
window.events = [];
const preview = document.querySelector("rollback-preview");
for (const type of ["targetchange", "planchange"]) {
  preview.addEventListener(type, (e) => window.events.push({ type, target: e.detail.target, verdict: e.detail.plan ? e.detail.plan.verdict : undefined }));
}
preview.scenario = scenario;
`,
    );
    writeFileSync(join(app, 'vite.config.js'), 'export default {\n  optimizeDeps: { exclude: ["deploy-rollback"] },\n};\n');
    run(process.execPath, [join(scratch, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: app, env: { ...process.env, NO_COLOR: '1' } });
    const assets = readdirSync(join(app, 'dist/assets'));
    assert.ok(assets.some((f) => f.endsWith('.wasm')), `the build copied the .wasm: ${assets.join(', ')}`);
    const origin = await serveFolder(t, join(app, 'dist'));
    const out = await appIn(t, `${origin}/index.html`, async (page) => {
      const preview = page.locator('rollback-preview');
      const rows = await preview.locator('#history-body tr').count();
      const verdict = await preview.locator('#verdict').getAttribute('data-verdict');
      const titles = await preview.locator('#plan-warnings .warning-title').allInnerTexts();
      const labels = await preview.locator('#plan-fields .field-name').allInnerTexts();
      await preview.locator('#history-body tr[data-id="d1"] .cell-time').click();
      const events = await page.evaluate(() => window.events);
      return { rows, verdict, titles, labels, events };
    });
    assert.equal(out.rows, 3);
    assert.equal(out.verdict, 'allowed');
    assert.equal(out.titles[0], 'Runtime downgrade');
    assert.ok(out.labels.includes('Dag bundle version'));
    assert.deepEqual(out.events, [
      { type: 'planchange', target: 'd2', verdict: 'allowed' },
      { type: 'targetchange', target: 'd1', verdict: undefined },
      { type: 'planchange', target: 'd1', verdict: 'allowed' },
    ]);
  });

  test('a React app renders <rollback-preview> with properties and listens to its events (esbuild)', async (t) => {
    const out = join(scratch, 'esb/react');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(scratch, 'react-app.jsx'),
      `import { useState } from "react";
import { createRoot } from "react-dom/client";
import "deploy-rollback/element";

const scenario = ${JSON.stringify(scenario)};
window.events = [];

function App() {
  const [target, setTarget] = useState("d2");
  const [now, setNow] = useState(undefined);
  const [plan, setPlan] = useState(null);
  return (
    <main>
      <p id="host-target">{target}</p>
      <p id="host-verdict">{plan ? plan.verdict : "none"}</p>
      <button id="later" type="button" onClick={() => setNow("2024-06-01T00:00:00Z")}>Later</button>
      <button id="roll" type="button" disabled={!plan || plan.verdict === "blocked"}>Roll back</button>
      <rollback-preview
        scenario={scenario}
        target={target}
        now={now}
        ontargetchange={(e) => { window.events.push({ type: "targetchange", target: e.detail.target }); setTarget(e.detail.target); }}
        onplanchange={(e) => { window.events.push({ type: "planchange", target: e.detail.target, verdict: e.detail.plan && e.detail.plan.verdict }); setPlan(e.detail.plan); }}
      />
    </main>
  );
}

createRoot(document.getElementById("root")).render(<App />);
`,
    );
    run(join(scratch, 'node_modules/esbuild/bin/esbuild'), ['react-app.jsx', '--bundle', '--format=esm', '--jsx=automatic', '--define:process.env.NODE_ENV="production"', `--outdir=${out}`, '--log-level=warning'], { cwd: scratch });
    cpSync(join(scratch, 'node_modules/deploy-rollback/deploy_rollback_bg.wasm'), join(out, 'deploy_rollback_bg.wasm'));
    writeFileSync(join(out, 'index.html'), `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>react</title><div id="root"></div><script type="module" src="react-app.js"></script>\n`);
    const origin = await serveFolder(t, out);
    const result = await appIn(t, `${origin}/index.html`, async (page) => {
      const steps = {};
      steps.first = [await page.locator('#host-verdict').innerText(), await page.locator('rollback-preview #target-d2').isChecked()];
      // A pick inside the element reaches React's state.
      await page.locator('rollback-preview #target-d1').click();
      await page.waitForFunction(() => document.getElementById('host-target').textContent === 'd1');
      steps.picked = [await page.locator('#host-verdict').innerText(), await page.locator('rollback-preview #plan-target').innerText()];
      // React's state reaches the element: a later "now" closes d1's window.
      await page.click('#later');
      await page.waitForFunction(() => document.getElementById('host-verdict').textContent === 'blocked');
      steps.later = [await page.locator('rollback-preview #verdict').getAttribute('data-verdict'), await page.locator('#roll').isDisabled()];
      steps.events = await page.evaluate(() => window.events);
      return steps;
    });
    assert.deepEqual(result.first, ['allowed', true]);
    assert.equal(result.picked[0], 'allowed');
    assert.match(result.picked[1], /Target: d1/);
    assert.deepEqual(result.later, ['blocked', true]);
    assert.deepEqual(result.events, [
      { type: 'planchange', target: 'd2', verdict: 'allowed' },
      { type: 'targetchange', target: 'd1' },
      { type: 'planchange', target: 'd1', verdict: 'allowed' },
      { type: 'planchange', target: 'd1', verdict: 'blocked' },
    ]);
  });
});
