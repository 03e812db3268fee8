// The demo on a phone: a 390 × 844 touch screen without a mouse (taps, `(hover: none)`,
// a mobile viewport), in Debian's Chromium. Picking by tap brings the verdict into view, the
// help speaks of tapping, the history shows each entry's id, and a rollback that needs action
// first says what to do instead of being turned down.
//
//   node --test tests/e2e/phone.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, openPage, rows, rowIds, verdict, shot, sideways } from './harness.mjs';

let demo;
before(async () => {
  demo = await startDemo();
});
after(() => demo?.stop());

const PHONE = { width: 390, height: 844, phone: true };
const open = (t, options) => openPage(t, demo, { ...PHONE, ...options });

/** The part of the box of `selector` (in the element's shadow root) inside the window, as a share of its height. */
const inView = (page, selector) =>
  page.evaluate((sel) => {
    const node = previewRoot().querySelector(sel);
    if (!node) return 0;
    const box = node.getBoundingClientRect();
    const shown = Math.min(box.bottom, innerHeight) - Math.max(box.top, 0);
    return box.height > 0 ? Math.max(0, shown) / box.height : 0;
  }, selector);

const waitInView = (page, selector) =>
  page.waitForFunction((sel) => {
    const box = previewRoot().querySelector(sel)?.getBoundingClientRect();
    return !!box && box.top >= 0 && box.bottom <= innerHeight;
  }, selector);

const pickPreset = async (page, file, { touch = true } = {}) => {
  const button = page.locator(`#preset-buttons button[data-file="${file}"]`);
  await (touch ? button.tap() : button.click());
  await page.waitForFunction((f) => document.querySelector(`#preset-buttons button[data-file="${f}"]`).getAttribute('aria-pressed') === 'true', file);
};

/** Scrolls the page so that `row` is at the top of the window. */
const atTop = (row) => row.evaluate((tr) => tr.scrollIntoView({ block: 'start' }));

/**
 * Where `row` is in the window (its top, in CSS pixels). What "the page did not move" means:
 * text above it that changes (the share note) may change `scrollY`, which the browser's
 * scroll anchoring makes up for.
 */
const onScreen = (row) => row.evaluate((tr) => Math.round(tr.getBoundingClientRect().top));

/** The target of the plan the element shows. */
const planTarget = (page) => page.evaluate(() => document.querySelector('rollback-preview').plan?.target ?? null);

test('a phone: the help speaks of tapping, never of arrow keys, hovering or clicking', async (t) => {
  const { page, done } = await open(t);
  const help = [await page.locator('#history-card .hint').innerText(), await page.locator('#timeline-hint').innerText()];
  for (const text of help) {
    assert.match(text, /\bTap\b/, text);
    assert.doesNotMatch(text, /arrow key|hover|click|press Enter/i, text);
  }
  await done();
  // The same page with a mouse and a keyboard keeps the words for them.
  const desk = await openPage(t, demo, { width: 390, height: 844 });
  assert.match(await desk.page.locator('#history-card .hint').innerText(), /arrow keys/);
  assert.match(await desk.page.locator('#timeline-hint').innerText(), /Hover or focus/);
  assert.doesNotMatch(await desk.page.locator('#history-card .hint').innerText(), /\bTap\b/);
  await desk.done();
});

test('a phone: every history card shows its entry id, whole and inside the screen', async (t) => {
  const { page, done } = await open(t);
  for (const file of ['november-8.json', 'remote-execution-agent.json']) {
    await pickPreset(page, file);
    const ids = await rowIds(page);
    assert.ok(ids.length >= 2, `${file}: ${ids}`);
    for (const id of ids) {
      const cell = rows(page).and(page.locator(`[data-id="${id}"]`)).locator('.cell-id');
      assert.equal((await cell.innerText()).trim(), id);
      assert.equal(await cell.evaluate((td) => getComputedStyle(td, '::before').content), '"Entry"');
      const box = await cell.locator('code').boundingBox();
      assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= 390, `${id} shows inside the screen: ${JSON.stringify(box)}`);
    }
    assert.equal(await sideways(page), 0);
  }
  await done();
});

test('a phone: tapping an entry brings its verdict into view, and "Show in the history" goes back', async (t) => {
  const { page, done } = await open(t);
  await pickPreset(page, 'november-8.json');
  const ids = await rowIds(page);
  {
    const id = ids[0];
    const row = rows(page).and(page.locator(`[data-id="${id}"]`));
    await atTop(row);
    // Where the visitor taps, the plan is below the history, out of sight.
    assert.equal(await inView(page, '#plan-head'), 0, 'the plan is out of sight before the tap');
    await row.locator('.cell-description').tap();
    await waitInView(page, '#verdict');
    assert.equal(await planTarget(page), id);
    assert.match(await page.locator('#plan-target').innerText(), new RegExp(`Target: ${id}\\b`));
    await shot(page, `80-phone-tapped-${id}`);

    // And back to the picked entry, its radio focused.
    const back = page.locator('#show-picked');
    assert.equal(await back.isVisible(), true);
    await back.tap();
    await page.waitForFunction((sel) => {
      const tr = previewRoot().querySelector(sel);
      const box = tr.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight && previewRoot().activeElement === tr.querySelector('input[type="radio"]');
    }, `#history-body tr[data-id="${id}"]`);
  }
  // Tapping the radio itself does the same.
  const second = rows(page).and(page.locator(`[data-id="${ids[1]}"]`));
  await second.evaluate((tr) => tr.scrollIntoView({ block: 'end' }));
  assert.equal(await inView(page, '#plan-head'), 0, 'the plan is out of sight before the tap');
  await second.locator('input[type="radio"]').tap();
  await waitInView(page, '#verdict');
  assert.equal(await planTarget(page), ids[1]);

  // The last entry's card sits just above the plan: with the verdict in view, the page stays.
  const last = rows(page).and(page.locator(`[data-id="${ids.at(-1)}"]`));
  await last.evaluate((tr) => tr.scrollIntoView({ block: 'end' }));
  await page.evaluate(() => scrollBy(0, previewRoot().querySelector('#verdict').getBoundingClientRect().bottom - innerHeight + 8));
  assert.equal(await inView(page, '#verdict'), 1);
  const still = await onScreen(last);
  await last.locator('.cell-description').tap();
  await page.waitForFunction((id) => document.querySelector('rollback-preview').plan?.target === id, ids.at(-1));
  await page.waitForTimeout(300);
  assert.equal(await onScreen(last), still);
  await done();
});

test('the same narrow page with a mouse: a click picks without moving the page', async (t) => {
  const { page, done } = await openPage(t, demo, { width: 390, height: 844 });
  await pickPreset(page, 'november-8.json', { touch: false });
  const ids = await rowIds(page);
  const row = rows(page).and(page.locator(`[data-id="${ids.at(-1)}"]`));
  await atTop(row);
  const before = await onScreen(row);
  await row.locator('.cell-description').click();
  await page.waitForFunction((id) => document.querySelector('rollback-preview').plan?.target === id, ids.at(-1));
  await page.waitForTimeout(300);
  assert.equal(await onScreen(row), before);
  assert.equal(await page.locator('#show-picked').isVisible(), false, 'no way back is offered where the page did not move');
  await done();
});

test('a phone: with action required first, "Roll back" says what to do and leads to it', async (t) => {
  const { page, done } = await open(t);
  await pickPreset(page, 'remote-execution-agent.json');
  const ids = await rowIds(page);
  const target = ids.at(-1);
  const row = rows(page).and(page.locator(`[data-id="${target}"]`));
  await row.scrollIntoViewIfNeeded();
  await row.locator('.cell-description').tap();
  await waitInView(page, '#verdict');
  assert.equal(await verdict(page), 'actionRequired');
  const plan = await page.evaluate(() => document.querySelector('rollback-preview').plan);
  const todo = plan.reasons.filter((r) => r.severity === 'actionRequired');
  const agents = plan.agents.filter((a) => a.severity === 'actionRequired').map((a) => a.id);
  assert.ok(todo.length >= 1 && agents.length >= 1);

  // Before the tap: the hint under the button says what must be done, and describes it.
  const button = page.locator('#rollback-button');
  assert.equal(await button.isEnabled(), true);
  assert.equal(await button.getAttribute('aria-describedby'), 'rollback-hint');
  const hint = await page.locator('#rollback-hint').innerText();
  for (const r of todo) assert.ok(hint.includes(r.message), `the hint says “${r.message}”: ${hint}`);

  // The tap: nothing is rolled back, and the answer is what to do, not a refusal.
  const count = await rows(page).count();
  await button.tap();
  const status = page.locator('#rollback-status');
  await page.waitForFunction(() => document.getElementById('rollback-status').textContent.includes('Not rolled back yet'));
  const said = await status.innerText();
  assert.doesNotMatch(said, /Rejected/);
  assert.match(said, new RegExp(`${todo.length} things to do first`));
  assert.equal(await page.locator('#rollback-hint').innerText(), hint, 'the hint still says what');
  assert.equal(await rows(page).count(), count);
  assert.deepEqual(await status.locator('button[data-agent]').evaluateAll((bs) => bs.map((b) => b.dataset.agent)), agents);
  await shot(page, '81-phone-action-required');

  // Each agent's button opens its form; updating every one makes the rollback allowed.
  const runtime = await row.locator('.cell-runtime').innerText();
  for (const agent of agents) {
    await status.locator(`button[data-agent="${agent}"]`).tap();
    assert.equal(await page.locator('#agent-id').inputValue(), agent);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'agent-image');
    assert.match(await page.locator('#story-status').innerText(), new RegExp(`Runtime ${runtime.trim()} or older`));
    await page.locator('#agent-image').fill(`images.example.com/astro/agent:${runtime.trim()}-python-3.12-astro-agent-1.1.0`);
    await page.locator('#agent-form button[type="submit"]').tap();
    await page.waitForFunction((a) => document.getElementById('story-status').textContent.includes(`Agent ${a} now runs`), agent);
    // The plan follows; until the last agent, the status of the old tap stays where it was.
  }
  await page.waitForFunction(() => previewRoot().querySelector('#verdict')?.dataset.verdict === 'allowed');
  await button.scrollIntoViewIfNeeded();
  await button.tap();
  await page.waitForFunction((n) => previewRoot().querySelectorAll('#history-body tr').length === n + 1, count);
  assert.match(await status.innerText(), new RegExp(`Rolled back to ${target}`));
  await done();
});
