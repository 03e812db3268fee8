// <rollback-preview> (deploy-rollback/element) in a plain HTML page, in Chromium: the page
// imports the element from the built pkg/ through an import map and embeds it in three
// lines, as js/README.md shows. Rendering, attributes and properties, the events, keyboard
// picking, an invalid scenario, light and dark themes, custom properties and a 390 px
// phone. Run: node --test tests/js/

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, exampleScenario, root } from './browser.mjs';

let server;
let browser;
let example;

before(async () => {
  server = await serve();
  browser = await launch();
  example = await exampleScenario();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page embedding the element; `setup` is module code run after the element's line. */
function page(path, { attributes = 'target="d2"', setup = '', head = '' } = {}) {
  server.pages.set(
    path,
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rollback-preview</title>
<link rel="icon" href="data:,">
<script type="importmap">{"imports": {"deploy-rollback": "/pkg/index.js", "deploy-rollback/element": "/pkg/element.js"}}</script>
${head}
</head>
<body>
<button id="before" type="button">before</button>
<script type="module">import "deploy-rollback/element";</script>
<rollback-preview ${attributes}></rollback-preview>
<script type="module">
  const preview = document.querySelector("rollback-preview");
  window.events = [];
  const keep = (type, d) =>
    type === "planchange" ? { type, target: d.target, verdict: d.plan ? d.plan.verdict : null, error: d.error ? d.error.code : null }
    : type === "targetchange" ? { type, target: d.target, previous: d.previous }
    : type === "comparechange" ? { type, from: d.from, to: d.to, direction: d.comparison ? d.comparison.direction : null, error: d.error ? d.error.code : null }
    : { type, page: d.page, pageCount: d.pageCount, ids: d.ids };
  for (const type of ["targetchange", "planchange", "pagechange", "comparechange"]) {
    preview.addEventListener(type, (e) => window.events.push(keep(type, e.detail)));
  }
  ${setup}
</script>
</body>
</html>
`,
  );
  return `${server.origin}${path}`;
}

/** Waits until the element has drawn and every microtask has run. */
const settle = (p) => p.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
const events = (p, type) => p.evaluate((t) => window.events.filter((e) => !t || e.type === t), type);
const clearEvents = (p) => p.evaluate(() => { window.events.length = 0; });

describe('the plain HTML page', () => {
  test('three lines show the history, each entry’s eligibility and the plan of the target', async (t) => {
    const url = page('/render.html', {
      setup: `preview.addEventListener("planchange", () => { window.ready = true; }, { once: true });
  preview.scenario = ${JSON.stringify(example)};`,
    });
    const { page: p, done } = await openPage(t, browser, url);
    const preview = p.locator('rollback-preview');
    assert.equal(await preview.locator('#history-body tr').count(), 3);
    assert.deepEqual(await preview.locator('#history-body tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.id)), ['d3', 'd2', 'd1']);
    assert.equal(await preview.locator('#target-d2').isChecked(), true);
    assert.equal(await preview.locator('#verdict').getAttribute('data-verdict'), 'allowed');
    assert.match(await preview.locator('#now-text').innerText(), /13:00 8 Nov 2023/);
    // Everything from the answer: titles, labels, value texts.
    const warnings = await preview.locator('#plan-warnings .warning-title').allInnerTexts();
    assert.deepEqual(warnings, ['Runtime downgrade', 'Metadata may be erased', 'Yanked Runtime', 'Revert your repository too', 'No description', 'Permissions not checked']);
    assert.match(await preview.locator('#plan-fields tr[data-field="workerQueues"]').innerText(), /Worker queues[\s\S]*1 queue/);
    assert.match(await preview.locator('#plan-fields tr[data-field="imageTag"]').innerText(), /Image tag\s*Rolled back\s*deploy-2023-11-07T16-45\s*→\s*deploy-2023-11-06T14-00/);
    assert.match(await preview.locator('#downgrade').innerText(), /9\.5\.0\s*→\s*9\.1\.0/);
    assert.equal(await preview.locator('#plan-new-entry dd').first().innerText(), '13:00 8 Nov 2023');
    // The events of the first drawing: one planchange, no targetchange (nobody picked).
    assert.deepEqual(await events(p), [{ type: 'planchange', target: 'd2', verdict: 'allowed', error: null }]);
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').plan.verdict), 'allowed');
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').eligibility.current), 'd3');
    // The element is defined once, with an open shadow root and the parts a host styles.
    const parts = await p.evaluate(() => [...document.querySelector('rollback-preview').shadowRoot.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part').split(' ')));
    for (const part of ['panel', 'history', 'plan', 'verdict', 'warnings', 'warning', 'fields', 'field', 'row', 'picked-row', 'table', 'meta', 'heading']) {
      assert.ok(parts.includes(part), `part ${part}`);
    }
    assert.equal(await p.evaluate(() => customElements.get('rollback-preview').name), 'RollbackPreview');
    await done();
  });

  test('attributes and properties: scenario as JSON text, target, now, description', async (t) => {
    const url = page('/attributes.html', {
      attributes: `target="d2" scenario='${JSON.stringify(example).replaceAll("'", '&#39;')}'`,
      setup: 'preview.addEventListener("planchange", () => { window.ready = true; }, { once: true });',
    });
    const { page: p, done } = await openPage(t, browser, url);
    const preview = p.locator('rollback-preview');
    assert.equal(await preview.locator('#verdict').getAttribute('data-verdict'), 'allowed');
    await clearEvents(p);
    // target
    await p.evaluate(() => document.querySelector('rollback-preview').setAttribute('target', 'd1'));
    await settle(p);
    assert.match(await preview.locator('#plan-target').innerText(), /Target: d1/);
    assert.equal(await preview.locator('#target-d1').isChecked(), true);
    assert.equal(await preview.locator('#target-d2').isChecked(), false);
    assert.deepEqual(await events(p), [{ type: 'planchange', target: 'd1', verdict: 'allowed', error: null }], 'a target set by the host is no targetchange');
    // now: past d1's window, d1 is blocked; then back to the scenario's own.
    await p.evaluate(() => document.querySelector('rollback-preview').setAttribute('now', '2024-01-30T09:31:00Z'));
    await settle(p);
    assert.equal(await preview.locator('#verdict').getAttribute('data-verdict'), 'blocked');
    assert.match(await preview.locator('#history-body tr[data-id="d1"] .elig').innerText(), /✕ not eligible\s+Outside the retention window/);
    assert.match(await preview.locator('#now-text').innerText(), /09:31 30 Jan 2024/);
    await p.evaluate(() => document.querySelector('rollback-preview').removeAttribute('now'));
    await settle(p);
    assert.equal(await preview.locator('#verdict').getAttribute('data-verdict'), 'allowed');
    // description: the new entry carries it, and the "no description" warning goes.
    await p.evaluate(() => document.querySelector('rollback-preview').setAttribute('description', 'back to 1 Nov'));
    await settle(p);
    assert.equal(await preview.locator('#plan-new-entry dd').nth(4).innerText(), 'back to 1 Nov');
    assert.equal(await preview.locator('#plan-warnings li[data-code="missingDescription"]').count(), 0);
    // Properties, several in one task: drawn once.
    await clearEvents(p);
    await p.evaluate((scenario) => {
      const el = document.querySelector('rollback-preview');
      el.scenario = { ...scenario, deployment: { ...scenario.deployment, name: 'etl-staging' } };
      el.target = 'd3';
      el.description = null;
      el.now = new Date('2023-11-09T00:00:00Z');
    }, example);
    await settle(p);
    assert.deepEqual(await events(p), [{ type: 'planchange', target: 'd3', verdict: 'allowed', error: null }]);
    assert.match(await preview.locator('#deployment-meta').innerText(), /etl-staging/);
    assert.match(await preview.locator('#now-text').innerText(), /00:00 9 Nov 2023/);
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').now), '2023-11-09T00:00:00.000Z');
    assert.equal(await preview.locator('#plan-warnings li[data-code="noCodeChange"]').count(), 1);
    // No target: no plan, and a plain sentence.
    await p.evaluate(() => { document.querySelector('rollback-preview').target = null; });
    await settle(p);
    assert.match(await preview.locator('#plan-target').innerText(), /No target picked/);
    assert.equal(await preview.locator('#verdict').count(), 0);
    assert.equal(await preview.locator('#history-body input:checked').count(), 0);
    // An unknown target and a description too long: the engine's error in the plan panel.
    await p.evaluate(() => { document.querySelector('rollback-preview').target = 'nope'; });
    await settle(p);
    assert.equal(await preview.locator('#plan-head .error-code').innerText(), 'unknownDeploy');
    assert.equal(await preview.locator('#plan-head .error-path').innerText(), 'target');
    await p.evaluate(() => {
      const el = document.querySelector('rollback-preview');
      el.target = 'd2';
      el.description = '🚀'.repeat(501);
    });
    await settle(p);
    assert.equal(await preview.locator('#plan-head .error-code').innerText(), 'descriptionTooLong');
    const last = (await events(p, 'planchange')).at(-1);
    assert.deepEqual(last, { type: 'planchange', target: 'd2', verdict: null, error: 'descriptionTooLong' });
    await done();
  });

  test('events: a click picks and says so; preventDefault keeps the old target; pages turn', async (t) => {
    const url = page('/events.html', {
      setup: `preview.addEventListener("planchange", () => { window.ready = true; }, { once: true });
  preview.scenario = ${JSON.stringify(example)};`,
    });
    const { page: p, done } = await openPage(t, browser, url);
    const preview = p.locator('rollback-preview');
    await clearEvents(p);
    await preview.locator('#history-body tr[data-id="d1"] .cell-description').click();
    assert.deepEqual(await events(p), [
      { type: 'targetchange', target: 'd1', previous: 'd2' },
      { type: 'planchange', target: 'd1', verdict: 'allowed', error: null },
    ]);
    assert.equal(await preview.locator('#target-d1').isChecked(), true);
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').target), 'd1');
    // The host says no.
    await p.evaluate(() => document.querySelector('rollback-preview').addEventListener('targetchange', (e) => e.preventDefault(), { once: true }));
    await clearEvents(p);
    await preview.locator('#target-d3').click();
    assert.equal(await preview.locator('#target-d1').isChecked(), true, 'the pick was refused');
    assert.equal(await preview.locator('#target-d3').isChecked(), false);
    assert.match(await preview.locator('#plan-target').innerText(), /Target: d1/);
    assert.deepEqual((await events(p)).map((e) => e.type), ['targetchange', 'planchange']);
    // The host decides what its button does: it listens on the document, the events bubble.
    await p.evaluate(() => {
      window.fromDocument = [];
      document.addEventListener('planchange', (e) => window.fromDocument.push(e.detail.plan?.verdict ?? null));
    });
    await preview.locator('#target-d3').click();
    assert.deepEqual(await p.evaluate(() => window.fromDocument), ['allowed']);
    // Pages: two entries a page.
    await p.evaluate(() => { document.querySelector('rollback-preview').pageSize = 2; });
    await settle(p);
    assert.equal(await preview.locator('#history-body tr').count(), 2);
    assert.match(await preview.locator('#page-info').innerText(), /Entries 1–2 of 3/);
    await clearEvents(p);
    await preview.locator('#page-older').click();
    assert.deepEqual(await events(p), [{ type: 'pagechange', page: 1, pageCount: 2, ids: ['d1'] }]);
    assert.equal(await preview.locator('#page-older').isDisabled(), true);
    // A target set on another page brings its page into view.
    await clearEvents(p);
    await p.evaluate(() => { document.querySelector('rollback-preview').target = 'd2'; });
    await settle(p);
    assert.deepEqual((await events(p)).map((e) => e.type), ['pagechange', 'planchange']);
    assert.equal(await preview.locator('#target-d2').isChecked(), true);
    await done();
  });

  test('the keyboard alone: Tab into the radios, arrows pick, the focus is visible', async (t) => {
    const url = page('/keyboard.html', {
      setup: `preview.addEventListener("planchange", () => { window.ready = true; }, { once: true });
  preview.scenario = ${JSON.stringify(example)};`,
    });
    const { page: p, done } = await openPage(t, browser, url);
    const deep = () =>
      p.evaluate(() => {
        let a = document.activeElement;
        while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
        const style = getComputedStyle(a);
        return { tag: a.tagName, name: a.getAttribute('name'), value: a.value, outline: style.outlineStyle, label: a.labels?.[0]?.textContent ?? null, describedBy: a.getAttribute('aria-describedby') };
      });
    await p.focus('#before');
    await p.keyboard.press('Tab');
    let a = await deep();
    assert.equal(a.name, 'target');
    assert.equal(a.value, 'd2', 'Tab lands on the picked radio');
    assert.notEqual(a.outline, 'none', 'the focus is visible');
    assert.match(a.label, /Roll back to d2, deployed 14:00 6 Nov 2023/);
    assert.equal(a.describedBy, 'elig-d2');
    await clearEvents(p);
    await p.keyboard.press('ArrowDown');
    a = await deep();
    assert.equal(a.value, 'd1');
    assert.match(await p.locator('rollback-preview #plan-target').innerText(), /Target: d1/);
    assert.deepEqual((await events(p)).map((e) => [e.type, e.target]), [['targetchange', 'd1'], ['planchange', 'd1']]);
    await p.keyboard.press('ArrowUp');
    await p.keyboard.press('ArrowUp');
    assert.equal((await deep()).value, 'd3');
    // The focus stays on its radio when the scenario is drawn again.
    await p.evaluate((s) => { document.querySelector('rollback-preview').scenario = { ...s }; }, example);
    await settle(p);
    a = await deep();
    assert.deepEqual([a.name, a.value], ['target', 'd3']);
    // Every control inside has a label; the panels are named regions.
    const unlabelled = await p.evaluate(() =>
      [...document.querySelector('rollback-preview').shadowRoot.querySelectorAll('input, button')]
        .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim())
        .map((c) => c.id),
    );
    assert.deepEqual(unlabelled, []);
    const regions = await p.evaluate(() => {
      const shadow = document.querySelector('rollback-preview').shadowRoot;
      return [...shadow.querySelectorAll('section')].map((s) => shadow.getElementById(s.getAttribute('aria-labelledby')).textContent);
    });
    assert.deepEqual(regions, ['Deploy History', 'Rollback plan']);
    // focusPlan(): the skip link's target.
    await p.evaluate(() => document.querySelector('rollback-preview').focusPlan());
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').shadowRoot.activeElement.id), 'plan');
    await done();
  });

  test('an invalid scenario shows the engine’s error in the element, never a blank, and fires no planchange', async (t) => {
    const url = page('/invalid.html', {
      attributes: `target="d2" scenario='{"now": "yesterday"}'`,
      setup: 'setTimeout(() => { window.ready = true; }, 200);',
    });
    const { page: p, done } = await openPage(t, browser, url);
    const preview = p.locator('rollback-preview');
    await preview.locator('#input-error .error-code').waitFor();
    assert.equal(await preview.locator('#input-error .error-code').innerText(), 'invalidTimestamp');
    assert.equal(await preview.locator('#input-error .error-path').innerText(), 'now');
    assert.match(await preview.locator('#input-error .error-message').innerText(), /yesterday/);
    assert.doesNotMatch(await preview.locator('#input-error .error-message').innerText(), /invalidTimestamp at now/);
    assert.match(await preview.locator('#plan-target').innerText(), /scenario is refused/);
    assert.deepEqual(await events(p, 'planchange'), []);
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').error.code), 'invalidTimestamp');
    // Not JSON at all, a bad `now`, an unknown field, a cyclic object: each shown, none thrown.
    const cases = [
      ['attr', '{"now": "2023-11-08T13:00:00Z", ', 'invalidJson', null],
      ['now', 'soon', 'invalidTimestamp', 'now'],
      ['prop', { ...example, histroy: [] }, 'unknownField', 'histroy'],
      ['cyclic', null, 'invalidJson', null],
      ['prop', 42, 'invalidJson', null],
    ];
    for (const [how, value, code, path] of cases) {
      const out = await p.evaluate(([how, value, good]) => {
        const el = document.querySelector('rollback-preview');
        try {
          if (how === 'attr') el.setAttribute('scenario', value);
          else if (how === 'now') {
            el.scenario = good;
            el.setAttribute('now', value);
          } else if (how === 'cyclic') {
            const c = { ...good };
            c.self = c;
            el.removeAttribute('now');
            el.scenario = c;
          } else {
            el.removeAttribute('now');
            el.scenario = value;
          }
          return 'no throw';
        } catch (e) {
          return `threw ${e.message}`;
        }
      }, [how, value, example]);
      assert.equal(out, 'no throw', how);
      await settle(p);
      assert.equal(await preview.locator('#input-error .error-code').innerText(), code, `${how}: code`);
      if (path !== null) assert.equal(await preview.locator('#input-error .error-path').innerText(), path === '' ? '(the whole input)' : path, `${how}: path`);
      assert.equal(await preview.locator('#verdict').count(), 0);
    }
    assert.deepEqual(await events(p, 'planchange'), []);
    // A good scenario again: drawn, with its planchange.
    await p.evaluate((s) => {
      const el = document.querySelector('rollback-preview');
      el.removeAttribute('now');
      el.scenario = s;
    }, example);
    await settle(p);
    assert.equal(await preview.locator('#input-error').innerText(), '');
    assert.equal(await preview.locator('#verdict').getAttribute('data-verdict'), 'allowed');
    assert.equal((await events(p, 'planchange')).length, 1);
    await done();
  });

  test('a hostile description and author are text, never markup', async (t) => {
    const hostile = structuredClone(example);
    hostile.history[0].description = '<img src=x onerror="window.pwned=1">';
    hostile.history[1].author = '<svg onload="window.pwned=2">';
    const url = page('/hostile.html', {
      setup: `preview.addEventListener("planchange", () => { window.ready = true; }, { once: true });
  preview.description = ${JSON.stringify('<script>window.pwned = 3</script>').replaceAll('<', '\\u003c')};
  preview.scenario = ${JSON.stringify(hostile).replaceAll('<', '\\u003c')};`,
    });
    const { page: p, done } = await openPage(t, browser, url);
    const preview = p.locator('rollback-preview');
    assert.equal(await preview.locator('#history-body tr[data-id="d3"] .cell-description').textContent(), hostile.history[0].description);
    assert.equal(await preview.locator('#plan-new-entry dd').nth(4).textContent(), '<script>window.pwned = 3</script>');
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').shadowRoot.querySelectorAll('img, svg, script').length), 0);
    assert.equal(await p.evaluate(() => window.pwned), undefined);
    const code = readFileSync(join(root, 'js/element.js'), 'utf8');
    assert.doesNotMatch(code, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    await done();
  });
});

describe('comparing two entries', () => {
  test('the user picks a second entry in the plan; the diff is the engine’s, in its words', async (t) => {
    const url = page('/compare.html', {
      setup: `preview.addEventListener("planchange", () => { window.ready = true; }, { once: true });
  preview.scenario = ${JSON.stringify(example)};`,
    });
    const { page: p, done } = await openPage(t, browser, url, { width: 390, height: 844 });
    const preview = p.locator('rollback-preview');
    // The list offers the other entries (the target is not one of them), the current marked.
    const options = await preview.locator('#compare-with option').allInnerTexts();
    assert.deepEqual(options, ['— none —', 'd3 · 16:45 7 Nov 2023 (current)', 'd1 · 09:30 1 Nov 2023']);
    assert.equal(await preview.locator('label[for="compare-with"]').innerText(), 'Compare d2 with');
    assert.equal(await preview.locator('#compare-fields').count(), 0);
    await clearEvents(p);
    // Focus the list, pick the current deploy.
    await preview.locator('#compare-with').focus();
    await preview.locator('#compare-with').selectOption('d3');
    assert.deepEqual(await events(p), [{ type: 'comparechange', from: 'd3', to: 'd2', direction: 'older', error: null }]);
    assert.match(await preview.locator('#compare-summary').innerText(), /From d3 to d2: the target is older\. No entry lies between them\./);
    assert.match(await preview.locator('#compare-fields tr[data-field="runtimeVersion"]').innerText(), /Astro Runtime\s*9\.5\.0\s*→\s*9\.1\.0/);
    assert.match(await preview.locator('#compare-fields tr[data-field="dagDeployEnabled"]').innerText(), /Dag deploys\s*on \(the same\)/);
    assert.deepEqual(await preview.locator('#compare-warnings .warning-title').allInnerTexts(), ['Runtime downgrade', 'Metadata may be erased']);
    assert.match(await preview.locator('#compare-commits').innerText(), /9f8e7d6c5b4a39281706f5e4d3c2b1a098765432\s*→\s*abc1234/);
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').compareWith), 'd3');
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').shadowRoot.activeElement?.id), 'compare-with', 'the focus stays on the list');
    // A new target keeps the second entry: d1 is two entries older than d3.
    await clearEvents(p);
    await preview.locator('#target-d1').click();
    assert.match(await preview.locator('#compare-summary').innerText(), /From d3 to d1: the target is older\. 1 entry lies between them: d2\./);
    assert.deepEqual((await events(p)).map((e) => e.type), ['targetchange', 'planchange', 'comparechange']);
    // The attribute, from outside: the target newer than the entry compared.
    await p.evaluate(() => {
      const el = document.querySelector('rollback-preview');
      el.target = 'd3';
      el.setAttribute('compare-with', 'd1');
    });
    await settle(p);
    assert.match(await preview.locator('#compare-summary').innerText(), /From d1 to d3: the target is newer/);
    assert.equal(await preview.locator('#compare-with').inputValue(), 'd1');
    assert.equal(await preview.locator('#compare-warnings').count(), 0, 'an upgrade warns of nothing here');
    // An unknown id: the engine's error, with its path.
    await clearEvents(p);
    await p.evaluate(() => { document.querySelector('rollback-preview').compareWith = 'nope'; });
    await settle(p);
    assert.equal(await preview.locator('#compare .error-code').innerText(), 'unknownDeploy');
    assert.equal(await preview.locator('#compare .error-path').innerText(), 'from');
    assert.deepEqual(await events(p), [{ type: 'comparechange', from: 'nope', to: 'd3', direction: null, error: 'unknownDeploy' }]);
    // None: the diff goes.
    await preview.locator('#compare-with').selectOption('');
    assert.equal(await preview.locator('#compare-summary').count(), 0);
    assert.equal(await p.evaluate(() => document.querySelector('rollback-preview').comparison), null);
    assert.equal(await p.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)), 0);
    await done();
  });
});

describe('styling from outside', () => {
  const colours = (p) =>
    p.evaluate(() => {
      const root = document.querySelector('rollback-preview').shadowRoot;
      const rgb = (s) => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      const panel = getComputedStyle(root.getElementById('plan'));
      return { bg: lum(rgb(panel.backgroundColor)), text: lum(rgb(panel.color)), raw: panel.backgroundColor, border: panel.borderTopColor };
    });
  const setup = (s) => `preview.addEventListener("planchange", () => { window.ready = true; }, { once: true });
  preview.scenario = ${JSON.stringify(s)};`;

  for (const colorScheme of ['light', 'dark']) {
    test(`the system's ${colorScheme} scheme is followed; the theme attribute forces the other`, async (t) => {
      const url = page(`/theme-${colorScheme}.html`, { setup: setup(example) });
      const { page: p, done } = await openPage(t, browser, url, { colorScheme });
      let c = await colours(p);
      if (colorScheme === 'dark') assert.ok(c.bg < 0.2 && c.text > 0.7, JSON.stringify(c));
      else assert.ok(c.bg > 0.9 && c.text < 0.3, JSON.stringify(c));
      const other = colorScheme === 'dark' ? 'light' : 'dark';
      await p.evaluate((th) => { document.querySelector('rollback-preview').theme = th; }, other);
      assert.equal(await p.locator('rollback-preview').getAttribute('theme'), other, 'reflected');
      c = await colours(p);
      if (other === 'dark') assert.ok(c.bg < 0.2 && c.text > 0.7, JSON.stringify(c));
      else assert.ok(c.bg > 0.9 && c.text < 0.3, JSON.stringify(c));
      await done();
    });
  }

  test('custom properties and ::part restyle it: a dark palette of the host’s own', async (t) => {
    const url = page('/custom.html', {
      setup: setup(example),
      head: `<style>
  rollback-preview { --rp-bg: rgb(10, 20, 30); --rp-text: rgb(240, 240, 240); --rp-border: rgb(1, 2, 3); --rp-radius: 0px; }
  rollback-preview::part(verdict) { outline: 4px solid rgb(255, 0, 255); }
  rollback-preview::part(heading) { letter-spacing: 3px; }
</style>`,
    });
    const { page: p, done } = await openPage(t, browser, url);
    const c = await colours(p);
    assert.equal(c.raw, 'rgb(10, 20, 30)');
    assert.equal(c.border, 'rgb(1, 2, 3)');
    assert.ok(c.text > 0.9);
    const styled = await p.evaluate(() => {
      const root = document.querySelector('rollback-preview').shadowRoot;
      return { outline: getComputedStyle(root.getElementById('verdict')).outlineColor, spacing: getComputedStyle(root.getElementById('plan-h')).letterSpacing, radius: getComputedStyle(root.getElementById('plan')).borderTopLeftRadius };
    });
    assert.deepEqual(styled, { outline: 'rgb(255, 0, 255)', spacing: '3px', radius: '0px' });
    await done();
  });

  test('390 px wide: no sideways scroll, one card per entry, long tokens wrap', async (t) => {
    const long = structuredClone(example);
    long.history[0].description = 'x'.repeat(200);
    long.history[0].imageTag = `deploy-${'9'.repeat(90)}`;
    const url = page('/phone.html', { setup: setup(long), attributes: 'target="d3"' });
    const { page: p, done } = await openPage(t, browser, url, { width: 390, height: 844 });
    const sideways = () => p.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
    assert.equal(await sideways(), 0);
    const display = await p.evaluate(() => getComputedStyle(document.querySelector('rollback-preview').shadowRoot.querySelector('#history-body tr')).display);
    assert.equal(display, 'block', 'stacked rows');
    const clipped = await p.evaluate(() =>
      [...document.querySelector('rollback-preview').shadowRoot.querySelectorAll('*')]
        .filter((n) => !n.closest('thead') && n.getClientRects().length && n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflowX === 'visible' && n.clientWidth > 0)
        .map((n) => `${n.tagName}.${n.className}`),
    );
    assert.deepEqual(clipped, []);
    const box = await p.locator('rollback-preview #plan').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    // A blocked plan with its reasons, and an error, fit too.
    await p.evaluate(() => { document.querySelector('rollback-preview').now = '2024-06-01T00:00:00Z'; });
    await p.evaluate(() => { document.querySelector('rollback-preview').target = 'd1'; });
    await settle(p);
    assert.equal(await p.locator('rollback-preview #verdict').getAttribute('data-verdict'), 'blocked');
    assert.equal(await sideways(), 0);
    await p.evaluate(() => { document.querySelector('rollback-preview').scenario = `{"now": "${'9'.repeat(300)}"}`; });
    await settle(p);
    assert.equal(await sideways(), 0);
    await done();
  });
});
