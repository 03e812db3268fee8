// A page that imports the package and renders a plan with no formatter of its own shows
// every reason, warning, task outcome, agent check and field with a title and readable
// values (issue 18 §3, "Done when"): for every scenario file under tests/scenarios/ whose
// call is `plan` or `eligibility` and that has an answer, <rollback-preview> renders it in
// Chromium, and each item shows the answer's own title or label (never a raw camelCase
// code), each field its value texts. The demo's remaining names (of the scenario's values,
// which answers do not title) cover their enums. Run: node --test tests/js/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, launch, openPage, root, readJson } from './browser.mjs';
import * as format from '../../www/js/format.js';
import { asText, scenarioFiles } from './scenario-files.mjs';

const engine = await import(join(root, 'pkg/node.js'));
const codes = readJson('docs/schema/codes.json');

const text = asText;
const camelCode = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;
/** Every code a screen must not show as a word: the camelCase ones of the answers' enums. */
const rawCodes = new Set(
  ['ReasonCode', 'WarningCode', 'TaskFate', 'Field', 'Verdict', 'Severity', 'DowngradeKind', 'DeployType', 'DeployStatus', 'Profile', 'Disposition']
    .flatMap((list) => codes[list] ?? [])
    .filter((code) => camelCode.test(code)),
);

/** The scenario files with an answer: `{ file, input, target, description, plan, eligibility }`. */
function cases() {
  const out = [];
  for (const [file, c] of scenarioFiles()) {
    if (c.call !== 'plan' && c.call !== 'eligibility') continue;
    const input = text(c.input);
    let eligibility;
    let plan = null;
    try {
      eligibility = engine.checkEligibility(input);
      if (c.call === 'plan') plan = engine.planRollback(input, c.target, c.description ?? null);
    } catch {
      continue; // an error file: no answer to show
    }
    out.push({ file, input, target: c.call === 'plan' ? c.target : null, description: c.description ?? null, plan, eligibility });
  }
  return out;
}

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the demo’s remaining names cover their enums: deploy types, statuses, profiles', () => {
  const tables = { DEPLOY_TYPES: 'DeployType', STATUSES: 'DeployStatus', PROFILES: 'Profile' };
  for (const [table, list] of Object.entries(tables)) {
    assert.deepEqual(Object.keys(format[table]).sort(), [...codes[list]].sort(), `${table} against ${list}`);
    for (const [code, title] of Object.entries(format[table])) assert.ok(title && title !== code, `${table}.${code}`);
  }
  // The tables the answers replaced are gone.
  for (const gone of ['REASON_TITLES', 'WARNING_TITLES', 'FIELD_TITLES', 'DISPOSITIONS', 'DOWNGRADE_KINDS', 'ERASURE', 'fmtValue', 'taskOutcome', 'warningTitle', 'titleOf']) {
    assert.equal(format[gone], undefined, `format.js has no ${gone}`);
  }
});

test('every scenario file’s answer, rendered by the element, has a title or label on every item', async (t) => {
  const all = cases();
  assert.ok(all.length >= 100, `only ${all.length} scenario files with an answer`);
  server.pages.set(
    '/answers.html',
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>answers</title><link rel="icon" href="data:,">
<script type="importmap">{"imports": {"deploy-rollback/element": "/pkg/element.js"}}</script>
<script type="module">import "deploy-rollback/element"; window.ready = true;</script>
<rollback-preview page-size="100000"></rollback-preview>
`,
  );
  const { page, done } = await openPage(t, browser, `${server.origin}/answers.html`);
  let items = 0;
  for (const c of all) {
    const shown = await page.evaluate(
      async ({ input, target, description }) => {
        const el = document.querySelector('rollback-preview');
        el.scenario = input;
        el.target = target;
        el.description = description;
        await new Promise((resolve) => setTimeout(resolve, 0));
        const root = el.shadowRoot;
        const title = (node) => node.querySelector('.title-text')?.textContent ?? null;
        const list = (selector, key) => [...root.querySelectorAll(selector)].map((li) => ({ key: li.dataset[key], title: title(li) }));
        return {
          error: root.querySelector('.error-code')?.textContent ?? null,
          elig: [...root.querySelectorAll('#history-body tr[data-id]')].map((tr) => ({ id: tr.dataset.id, reasons: list(`tr[data-id="${CSS.escape(tr.dataset.id)}"] .elig-reason`, 'code'), type: tr.querySelector('.type-name').textContent })),
          reasons: list('#plan-reasons li', 'code'),
          warnings: list('#plan-warnings li', 'code'),
          tasks: list('#plan-tasks li', 'outcome'),
          agents: list('#plan-agents li', 'status'),
          fields: [...root.querySelectorAll('#plan-fields tbody tr')].map((tr) => ({ key: tr.dataset.field, title: title(tr), values: tr.querySelector('.values').textContent })),
          text: [...root.querySelectorAll('section')].map((s) => s.innerText).join('\n'),
        };
      },
      { input: c.input, target: c.target, description: c.description },
    );
    const where = c.file;
    assert.equal(shown.error, null, `${where}: no error shown`);
    const check = (kind, rendered, answered, key) => {
      assert.deepEqual(rendered.map((r) => r.key), answered.map((a) => a[key]), `${where}: every ${kind}, in order`);
      rendered.forEach((r, i) => {
        const expected = answered[i].title ?? answered[i].label;
        assert.ok(r.title && r.title.trim(), `${where}: ${kind} ${r.key} has a title`);
        assert.equal(r.title, expected, `${where}: ${kind} ${r.key} shows the answer's title`);
        assert.notEqual(r.title, r.key, `${where}: ${kind} ${r.key} is not titled by its code`);
        assert.doesNotMatch(r.title, camelCode, `${where}: ${kind} ${r.key} title "${r.title}"`);
        items += 1;
      });
    };
    // The history: each entry's eligibility reasons, and its type in words.
    assert.deepEqual(shown.elig.map((e) => e.id), c.eligibility.entries.map((e) => e.id), `${where}: every entry`);
    shown.elig.forEach((e, i) => {
      check('eligibility reason', e.reasons, c.eligibility.entries[i].reasons, 'code');
      assert.ok(e.type && !camelCode.test(e.type), `${where}: type of ${e.id} in words: ${e.type}`);
    });
    if (c.plan) {
      check('reason', shown.reasons, c.plan.reasons, 'code');
      check('warning', shown.warnings, c.plan.warnings, 'code');
      check('task outcome', shown.tasks, c.plan.runningTasks, 'outcome');
      check('agent check', shown.agents, c.plan.agents, 'status');
      check('field', shown.fields, c.plan.fields, 'field');
      shown.fields.forEach((f, i) => {
        const answer = c.plan.fields[i];
        for (const value of [answer.currentText, answer.targetText]) assert.ok(value && value.trim(), `${where}: ${f.key} has value texts`);
        assert.ok(f.values.includes(answer.currentText), `${where}: ${f.key} shows "${answer.currentText}"`);
        if (answer.changes) assert.ok(f.values.includes(answer.targetText), `${where}: ${f.key} shows "${answer.targetText}"`);
        assert.doesNotMatch(f.values, /\[object Object\]|^\s*\[|\{"/, `${where}: ${f.key} values are readable: ${f.values}`);
      });
    }
    // Nowhere on the screen a raw code as a word.
    const words = new Set(shown.text.split(/[^A-Za-z0-9]+/));
    const leaked = [...rawCodes].filter((code) => words.has(code));
    assert.deepEqual(leaked, [], `${where}: raw codes on the screen`);
  }
  t.diagnostic(`${all.length} scenario files rendered; ${items} titled items checked`);
  await done();
});
