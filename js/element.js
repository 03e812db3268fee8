// deploy-rollback/element: <rollback-preview>, a drop-in custom element (plain ESM, no
// framework) that shows a Deployment's history with each entry's eligibility and the plan
// of the picked rollback target, from the engine's own answers.
//
//   <script type="module">import "deploy-rollback/element";</script>
//   <rollback-preview target="d2"></rollback-preview>
//   <script type="module">document.querySelector("rollback-preview").scenario = scenario;</script>
//
// The element loads the WebAssembly module itself (init() is shared and idempotent: a host
// that calls it first, with its own arguments, is waited for). It decides nothing: every
// title, label, message and value text comes from the engine's answers (reasons, warnings,
// task outcomes, agent checks and field changes carry them); the element only lays them out.
// Text from the scenario goes into the page as text only, never as markup.
//
// Properties and attributes: scenario (object or JSON text), target, now, description,
// compareWith (compare-with: a second entry, compared with the target), theme ("light" |
// "dark"; absent: the system's), page, pageSize (page-size).
// Events: targetchange (the user picked a row; cancelable), planchange (the plan shown
// changed, whatever the cause), comparechange (the comparison shown changed), pagechange
// (the user turned a page). See js/README.md.

import init, { PreparedScenario, engineVersion } from './index.js';

// ---------------------------------------------------------------------------------------
// The engine

let engineReady = false;
let engineLoading = null;

/** True when the module is loaded (by this element or by the host: init, initSync, Node). */
function engineIsReady() {
  if (!engineReady) {
    try {
      engineVersion();
      engineReady = true;
    } catch {
      // not loaded yet
    }
  }
  return engineReady;
}

/**
 * Loads the module once. The call waits one task first, so that a host that calls
 * init(its own arguments) as it starts is the one that loads it (init() then returns the
 * host's promise). A failure is not kept: the next render tries again.
 */
function loadEngine() {
  if (!engineLoading) {
    engineLoading = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => init())
      .then(
        () => {
          engineReady = true;
        },
        (error) => {
          engineLoading = null;
          throw error;
        },
      );
  }
  return engineLoading;
}

// ---------------------------------------------------------------------------------------
// The element's own words: names of the scenario's values (the answers carry their own) and
// the layout's sentences.

const DEPLOY_TYPES = { imageAndDags: 'Image and Dags', imageOnly: 'Image only', dagsOnly: 'Dags only', github: 'GitHub', dbt: 'dbt project', rollback: 'Rollback' };
const STATUSES = { deployed: 'Deployed', failed: 'Failed', initialized: 'In progress' };
const PROFILES = { astroHosted: 'Astro Hosted', astroPrivateCloud: 'Astro Private Cloud' };
const VERDICTS = {
  allowed: { title: 'Allowed', text: 'The engine allows this rollback. Read the warnings before you trigger it.', icon: '✓' },
  actionRequired: { title: 'Action required first', text: 'Do the steps below first; then the rollback is allowed.', icon: '!' },
  blocked: { title: 'Blocked', text: 'Nothing can be triggered while these reasons hold.', icon: '✕' },
};
/** Severity marks: a symbol beside the colour, and a word for screen readers. */
/** Where the target lies from the entry it is compared with (the comparison's direction). */
const DIRECTIONS = { newer: 'newer', older: 'older', same: 'the same entry' };
const SEVERITY = {
  blocker: { icon: '✕', word: 'Blocker' },
  actionRequired: { icon: '!', word: 'Action required' },
  warning: { icon: '⚠', word: 'Warning' },
  info: { icon: 'i', word: 'Note' },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => String(n).padStart(2, '0');

/** `13:00 8 Nov 2023` (UTC, 24-hour), with seconds only when they are not zero. */
function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const secs = d.getUTCSeconds() ? `:${pad(d.getUTCSeconds())}` : '';
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${secs} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const count = (n) => n.toLocaleString('en');

// ---------------------------------------------------------------------------------------
// DOM helpers: text goes in as text nodes or textContent only.

const PROPS = new Set(['checked', 'disabled', 'hidden', 'value']);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      if (PROPS.has(key)) node[key] = false;
      continue;
    }
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (PROPS.has(key)) node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return append(node, children);
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** An engine error's message without the `code at path: ` it starts with (shown apart). */
function plainMessage(message, code, path) {
  for (const prefix of [code && path ? `${code} at ${path}: ` : null, code ? `${code}: ` : null]) {
    if (prefix && message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}

/** An error as code, path and sentence (an InputError of the package, or any error). */
function errorBox(error, lead) {
  const code = error && typeof error.code === 'string' ? error.code : null;
  const path = error && typeof error.path === 'string' ? error.path : null;
  // The engine's sentence for people (InputError.detail), else its message without the prefix.
  const message = error && typeof error.detail === 'string' && error.detail
    ? error.detail
    : plainMessage(error && error.message ? String(error.message) : String(error), code, path);
  return el(
    'div',
    { class: 'error-box', part: 'error', role: 'alert' },
    el('p', { class: 'error-lead' }, el('strong', { text: lead })),
    el(
      'dl',
      { class: 'error-fields' },
      code ? [el('dt', { text: 'Code' }), el('dd', {}, el('code', { class: 'error-code', text: code }))] : null,
      path !== null ? [el('dt', { text: 'Field' }), el('dd', {}, el('code', { class: 'error-path', text: path === '' ? '(the whole input)' : path }))] : null,
      el('dt', { text: 'Message' }),
      el('dd', { class: 'error-message', text: message }),
    ),
  );
}

/** A severity mark: the symbol (hidden from screen readers) and the word (for them only). */
const severityMark = (severity) => {
  const s = SEVERITY[severity] ?? { icon: '•', word: String(severity) };
  return [el('span', { class: 'sev-icon', 'aria-hidden': 'true', text: s.icon }), el('span', { class: 'sr-only', text: `${s.word}: ` })];
};

// ---------------------------------------------------------------------------------------
// Styles: one sheet shared by every instance (adoptedStyleSheets: allowed under a
// Content-Security-Policy without 'unsafe-inline'). Colours are custom properties with
// light and dark defaults; a host overrides any --rp-* property from outside.

const TOKENS = {
  bg: ['#ffffff', '#181d2c'],
  text: ['#172033', '#e6e9f2'],
  muted: ['#4b5567', '#a3acbf'],
  border: ['#d3d9e3', '#323a4f'],
  accent: ['#3730a3', '#a5b4fc'],
  'accent-soft': ['#eef0ff', '#262b4d'],
  focus: ['#1d4ed8', '#93c5fd'],
  ok: ['#0b6b38', '#6ee7a0'],
  'ok-bg': ['#e4f5eb', '#12301f'],
  'ok-border': ['#6fbf8f', '#2f7a4f'],
  warn: ['#7a4a00', '#fcd58a'],
  'warn-bg': ['#fff3d6', '#33280f'],
  'warn-border': ['#e2b453', '#8a6a22'],
  bad: ['#a3161b', '#fca5a5'],
  'bad-bg': ['#fde7e7', '#3a1619'],
  'bad-border': ['#e58c8f', '#8f3a3f'],
  info: ['#1e40af', '#93c5fd'],
  'info-bg': ['#eef3ff', '#18213a'],
  current: ['#0f766e', '#2dd4bf'],
  'current-bg': ['#e3f5f2', '#0f2f2b'],
  subtle: ['#f7f8fb', '#141929'],
  'row-hover': ['#f6f7fc', '#1f2538'],
  fresh: ['#fff1b3', '#4a3f10'],
  chip: ['#f1f3f6', '#1d2233'],
};

const tokens = (i) => Object.entries(TOKENS).map(([name, values]) => `--_${name}: var(--rp-${name}, ${values[i]});`).join(' ');

const CSS_TEXT = `
:host {
  ${tokens(0)}
  --_radius: var(--rp-radius, 10px);
  --_gap: var(--rp-gap, 1rem);
  --_mono: var(--rp-mono, ui-monospace, "SFMono-Regular", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace);
  display: flex; flex-direction: column; gap: var(--_gap);
  color: var(--_text);
  font-family: var(--rp-font, inherit);
  line-height: 1.5;
  color-scheme: light;
  min-width: 0;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) { ${tokens(1)} color-scheme: dark; }
}
:host([theme="dark"]) { ${tokens(1)} color-scheme: dark; }
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }

.panel {
  background: var(--_bg); color: var(--_text);
  border: 1px solid var(--_border); border-radius: var(--_radius);
  padding: var(--rp-padding, 1rem 1.1rem 1.1rem);
  min-width: 0;
  container-type: inline-size;
}
.panel-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1rem; }
h2, h3 { line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: var(--rp-heading-size, 1.25rem); }
.panel-head h2 { margin: 0; }
h3 { font-size: 1rem; margin-top: 1.25rem; }
p { margin: 0 0 0.6rem; }
code { font-family: var(--_mono); font-size: 0.88em; overflow-wrap: anywhere; }
p, li, dd, dt, label, .verdict-title { overflow-wrap: anywhere; }
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; border-radius: 3px; }
.panel:focus { outline: none; }
.panel:focus-visible { outline: 3px solid var(--_focus); }
.muted, .hint { color: var(--_muted); }
.hint { font-size: 0.93rem; margin-top: 0.4rem; }
.status { color: var(--_muted); margin: 0.4rem 0 0; }

button {
  font: inherit; font-size: 0.95rem; color: var(--_accent); background: transparent;
  border: 1.5px solid var(--_accent); border-radius: 8px; padding: 0.4rem 0.9rem; min-height: 2.5rem; cursor: pointer;
}
button:hover:not(:disabled) { background: var(--_accent-soft); }
button:disabled { color: var(--_muted); border-color: var(--_border); background: var(--_chip); cursor: not-allowed; }

.meta { margin: 0; color: var(--_muted); display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; }
.meta-item { white-space: nowrap; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.6rem; border-bottom: 1px solid var(--_border); }
thead th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_muted); border-bottom: 2px solid var(--_border); white-space: nowrap; }
.history { font-size: 0.92rem; }
.history-row { cursor: pointer; }
.history-row:hover { background: var(--_row-hover); }
.history-row.is-picked { background: var(--_accent-soft); }
.history-row.is-picked .cell-target { box-shadow: inset 4px 0 0 var(--_accent); }
.history-row.is-ineligible td:not(.cell-target) { color: var(--_muted); }
.history-row.is-fresh { animation: fresh 4s ease-out 1; }
@keyframes fresh { 0%, 40% { background: var(--_fresh); } 100% { background: transparent; } }
@media (prefers-reduced-motion: reduce) { .history-row.is-fresh { animation: none; } }
/* Words for the pointer the visitor has: no arrow keys or hovering on a touch screen. */
.for-touch { display: none; }
@media (hover: none) and (pointer: coarse) {
  .for-pointer { display: none; }
  .for-touch { display: inline; }
  button.for-touch { display: inline-block; }
}
.cell-target, .cell-id, .cell-time, .cell-type { white-space: nowrap; }
.cell-target { width: 1%; }
.cell-target input { width: 1.15rem; height: 1.15rem; vertical-align: middle; margin: 0 0.4rem 0 0; accent-color: var(--_accent); }
.cell-time time { font-variant-numeric: tabular-nums; }
.cell-description { min-width: 12rem; overflow-wrap: anywhere; }
.cell-image code, .cell-bundle code { white-space: nowrap; }
.elig { font-size: 0.82rem; font-weight: 600; display: inline-flex; flex-direction: column; vertical-align: middle; line-height: 1.25; }
.elig-ok { color: var(--_ok); }
.elig-no { color: var(--_bad); }
.elig-reason { font-weight: 500; white-space: normal; max-width: 11rem; }
.elig-until { font-weight: 400; color: var(--_muted); white-space: normal; }
.elig-until time { white-space: nowrap; }
.type-of { display: block; font-size: 0.8rem; color: var(--_accent); font-weight: 600; }
.badges { display: flex; flex-wrap: wrap; gap: 0.25rem; margin-top: 0.2rem; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; line-height: 1.2; padding: 0.15rem 0.45rem; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.badge-current { color: var(--_current); background: var(--_current-bg); }
.badge-failed { color: var(--_bad); background: var(--_bad-bg); }
.empty { color: var(--_muted); }
.pager { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.9rem; margin-top: 0.6rem; }
.pager[hidden] { display: none; }
.page-info { color: var(--_muted); font-size: 0.9rem; font-variant-numeric: tabular-nums; }

.plan-target { margin: 0.6rem 0; }
.show-picked { font-size: 0.85rem; min-height: 2.75rem; padding: 0.3rem 0.8rem; margin-left: 0.3rem; }
.verdict { display: flex; gap: 0.75rem; align-items: flex-start; border-radius: 8px; padding: 0.7rem 0.85rem; border: 2px solid; }
.verdict p { margin: 0; }
.verdict-icon { font-size: 1.4rem; font-weight: 700; line-height: 1; width: 1.6rem; text-align: center; }
.verdict-title { font-weight: 700; font-size: 1.1rem; }
.verdict-text { font-size: 0.93rem; }
.verdict-body { min-width: 0; }
.verdict-allowed { color: var(--_ok); background: var(--_ok-bg); border-color: var(--_ok-border); }
.verdict-actionRequired { color: var(--_warn); background: var(--_warn-bg); border-color: var(--_warn-border); }
.verdict-blocked { color: var(--_bad); background: var(--_bad-bg); border-color: var(--_bad-border); }
.verdict .verdict-text, .verdict .reason-list { color: var(--_text); }
.reason-list { margin: 0.35rem 0 0.4rem; padding-left: 1.2rem; }
.reason-list li { margin-bottom: 0.3rem; }
::slotted(*) { margin-top: 0.5rem; margin-bottom: 0.5rem; }

.notes { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.45rem; }
.note { border-left: 4px solid var(--_warn-border); background: var(--_warn-bg); padding: 0.45rem 0.65rem; border-radius: 0 6px 6px 0; }
.note-title { display: flex; gap: 0.4rem; align-items: baseline; color: var(--_warn); }
.note-text { display: block; font-size: 0.93rem; }
.sev-icon { display: inline-block; min-width: 1.1em; text-align: center; font-weight: 700; }
.note.sev-info { border-left-color: var(--_info); background: var(--_info-bg); }
.note.sev-info .note-title { color: var(--_info); }
.note.sev-actionRequired { border-left-color: var(--_warn); }
.note.sev-blocker { border-left-color: var(--_bad); background: var(--_bad-bg); }
.note.sev-blocker .note-title { color: var(--_bad); }

.fields { font-size: 0.9rem; }
.fields th[scope="row"] { font-weight: 600; width: 11.5rem; }
.field-name { display: block; margin-bottom: 0.2rem; }
.fields .same, .fields .same th { color: var(--_muted); }
.fields .same th { font-weight: 500; }
.values { overflow-wrap: anywhere; }
.val-current, .val-target { display: block; }
.val-current { color: var(--_muted); }
.val-target { font-weight: 600; }
.disp { font-size: 0.78rem; font-weight: 700; padding: 0.1rem 0.45rem; border-radius: 999px; white-space: nowrap; border: 1px solid currentColor; }
.disp-badge-restored { color: var(--_accent); background: var(--_accent-soft); }
.disp-badge-kept { color: var(--_muted); background: var(--_chip); }
.disp-badge-erased { color: var(--_bad); background: var(--_bad-bg); }

.downgrade-card { border: 2px solid var(--_warn-border); background: var(--_warn-bg); border-radius: 8px; padding: 0.7rem 0.85rem; }
.downgrade-card.erasure-likely { border-color: var(--_bad-border); background: var(--_bad-bg); }
.downgrade-title { font-weight: 700; }
.downgrade-note { font-size: 0.9rem; margin: 0.4rem 0 0; }
.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 0.9rem; margin: 0; }
.kv dt { font-weight: 600; color: var(--_muted); }
.kv dd { margin: 0; overflow-wrap: anywhere; }

.items { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.35rem; }
.item { padding: 0.35rem 0.6rem; border-radius: 6px; background: var(--_subtle); border: 1px solid var(--_border); }
.item-title { font-weight: 600; }
.item.sev-warning .item-title, .item.sev-blocker .item-title { color: var(--_bad); }
.item.sev-actionRequired .item-title { color: var(--_warn); }
.item.sev-info .item-title { color: var(--_ok); }
.item-text { display: block; font-size: 0.93rem; }
.steps { padding-left: 1.4rem; margin: 0; }
.steps li { margin-bottom: 0.35rem; }

.compare-pick { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.7rem; margin-bottom: 0.6rem; }
.compare-pick label { font-weight: 600; }
select { font: inherit; font-size: 0.95rem; color: var(--_text); background: var(--_bg); border: 1.5px solid var(--_border); border-radius: 6px; padding: 0.35rem 0.5rem; min-height: 2.5rem; max-width: 100%; }
.compare-summary { margin: 0.4rem 0 0.6rem; }
#compare-fields, #compare-warnings, #compare-commits { margin-bottom: 0.6rem; }
.error-box { border: 2px solid var(--_bad-border); background: var(--_bad-bg); color: var(--_text); border-radius: 8px; padding: 0.6rem 0.8rem; margin-top: 0.6rem; }
.error-lead { color: var(--_bad); margin-bottom: 0.3rem; }
.error-fields { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.15rem 0.8rem; margin: 0; }
.error-fields dt { font-weight: 600; }
.error-fields dd { margin: 0; overflow-wrap: anywhere; }

/* Wide enough: the history is a table. Narrower: one card per entry, each value labelled. */
@container (min-width: 761px) { .history { min-width: 860px; } }
@container (max-width: 760px) {
  table.stack, table.stack tbody, table.stack tr, table.stack td, table.stack tbody th { display: block; width: 100%; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { border: 1px solid var(--_border); border-radius: 8px; margin-bottom: 0.6rem; padding: 0.35rem 0.6rem; }
  table.stack td, table.stack tbody th { border: 0; padding: 0.2rem 0 0.2rem 8.2rem; position: relative; min-height: 1.6rem; white-space: normal; }
  table.stack tbody th { padding-left: 0; font-weight: 700; }
  table.stack td::before { content: attr(data-label); position: absolute; left: 0; width: 7.7rem; font-weight: 600; font-size: 0.8rem; color: var(--_muted); padding-top: 0.1rem; }
  table.stack td.empty { padding-left: 0; }
  table.stack td.empty::before { display: none; }
  table.stack .cell-image code, table.stack .cell-bundle code, table.stack .cell-id code { white-space: normal; }
  .history-row.is-picked { box-shadow: inset 4px 0 0 var(--_accent); }
  .history-row.is-picked .cell-target { box-shadow: none; }
}
@container (max-width: 440px) {
  table.fields, table.fields tbody, table.fields tr, table.fields td, table.fields tbody th { display: block; width: 100%; }
  table.fields thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.fields tr { border: 1px solid var(--_border); border-radius: 8px; margin-bottom: 0.5rem; padding: 0.35rem 0.6rem; }
  table.fields td, table.fields tbody th { border: 0; padding: 0.15rem 0; }
  .fields th[scope="row"] { width: 100%; display: flex; flex-wrap: wrap; gap: 0.2rem 0.6rem; align-items: baseline; }
  .kv { grid-template-columns: 1fr; gap: 0; }
  .kv dd { margin-bottom: 0.35rem; }
  .error-fields { grid-template-columns: 1fr; }
}
`;

let sheet = null;
function styles(root) {
  if (typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in Document.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS_TEXT);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(el('style', { text: CSS_TEXT }));
  }
}

// ---------------------------------------------------------------------------------------
// The element

/** How to scroll: at once when the visitor asked for less motion. */
const smoothly = () => (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth');

const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;
const DEFAULT_PAGE_SIZE = 50;

/** `scenario` with `now` in place of its own (text that is not a JSON object is left as it is: the engine says what is wrong). */
function withNow(scenario, now) {
  if (typeof scenario === 'string') {
    let parsed;
    try {
      parsed = JSON.parse(scenario.replace(/^\uFEFF/, ''));
    } catch {
      return scenario;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return scenario;
    return { ...parsed, now };
  }
  if (scenario && typeof scenario === 'object' && !Array.isArray(scenario)) return { ...scenario, now };
  return scenario;
}

/** The scenario as an object, once the engine has read it. */
function asObject(scenario) {
  if (typeof scenario !== 'string') return scenario;
  try {
    return JSON.parse(scenario.replace(/^\uFEFF/, ''));
  } catch {
    return {};
  }
}

const emptyToNull = (value) => (value === undefined || value === null || value === '' ? null : String(value));

export class RollbackPreview extends Base {
  static get observedAttributes() {
    return ['scenario', 'target', 'now', 'description', 'compare-with', 'page-size'];
  }

  // Inputs.
  #scenario = null;
  #target = null;
  #now = null;
  #description = null;
  #page = 0;
  #pageSize = DEFAULT_PAGE_SIZE;
  // The engine's view of the scenario.
  #prepared = null;
  #eligibility = null;
  #history = [];
  #byId = new Map();
  #eligById = new Map();
  #sorted = [];
  #deployment = null;
  #profile = null;
  #runningTasks = [];
  #effectiveNow = null;
  #error = null;
  #fresh = new Set();
  /** The page last drawn (null: none yet), and whether the host asked for the page to draw. */
  #shownPage = null;
  #pageFromHost = false;
  // The plan of the picked target, and its comparison with a second entry.
  #plan = null;
  #planError = null;
  #compareWith = null;
  #comparison = null;
  #compareError = null;
  // What changed since the last render.
  #dirty = { scenario: true, rows: false, marks: false, plan: true, compare: true, seekTarget: false };
  #scheduled = false;
  /** The kind of pointer that last pressed in the history ("touch", "pen", "mouse"), null after a key. */
  #pointer = null;
  #root;
  #ui = {};

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    styles(this.#root);
    this.#build();
  }

  // ---- properties ----------------------------------------------------------------------

  /** The scenario: an object or its JSON text (null: none). */
  get scenario() {
    return this.#scenario;
  }
  set scenario(value) {
    const next = value === undefined ? null : value;
    if (next === this.#scenario) return;
    this.#scenario = next;
    this.#invalidate('scenario');
  }

  /** The id of the picked history entry (null: none). */
  get target() {
    return this.#target;
  }
  set target(value) {
    const next = emptyToNull(value);
    if (next === this.#target) return;
    this.#target = next;
    this.#dirty.seekTarget = true;
    this.#invalidate('marks');
  }

  /** "Now" in place of the scenario's own (RFC 3339 text or a Date; null: the scenario's). */
  get now() {
    return this.#now;
  }
  set now(value) {
    const text = value instanceof Date ? (Number.isNaN(value.getTime()) ? String(value) : value.toISOString()) : emptyToNull(value);
    if (text === this.#now) return;
    this.#now = text;
    this.#invalidate('scenario');
  }

  /** The rollback's description, as the plan's new history entry will carry it. */
  get description() {
    return this.#description;
  }
  set description(value) {
    const next = emptyToNull(value);
    if (next === this.#description) return;
    this.#description = next;
    this.#invalidate('plan');
  }

  /** A second history entry, compared with the target (`compareEntries(scenario, compareWith, target)`), or null. */
  get compareWith() {
    return this.#compareWith;
  }
  set compareWith(value) {
    const next = emptyToNull(value);
    if (next === this.#compareWith) return;
    this.#compareWith = next;
    this.#invalidate('compare');
  }

  /** The comparison shown (from `compareWith` to `target`), or null. */
  get comparison() {
    return this.#comparison;
  }

  /** The engine's error for the comparison (an unknown id), or null. */
  get compareError() {
    return this.#compareError;
  }

  /** "light", "dark" or null (the system's): reflected in the `theme` attribute. */
  get theme() {
    return this.getAttribute('theme');
  }
  set theme(value) {
    if (value === null || value === undefined || value === '') this.removeAttribute('theme');
    else this.setAttribute('theme', String(value));
  }

  /** The page of the history shown, from 0 (newest first). */
  get page() {
    return this.#page;
  }
  set page(value) {
    const n = Math.max(0, Math.floor(Number(value)) || 0);
    if (n === this.#page) return;
    this.#page = n;
    this.#pageFromHost = true;
    this.#invalidate('rows');
  }

  /** History entries per page (50). */
  get pageSize() {
    return this.#pageSize;
  }
  set pageSize(value) {
    const n = Math.max(1, Math.floor(Number(value)) || DEFAULT_PAGE_SIZE);
    if (n === this.#pageSize) return;
    this.#pageSize = n;
    this.#invalidate('rows');
  }

  /** The plan shown (null: no target, an error, or not computed yet). */
  get plan() {
    return this.#plan;
  }

  /** The engine's error for the plan of the picked target (a description too long, an unknown id), or null. */
  get planError() {
    return this.#planError;
  }

  /** The engine's answer about every entry (null while the scenario is missing or refused). */
  get eligibility() {
    return this.#eligibility;
  }

  /** The engine's error for the scenario ({ code, path, message }), or null. */
  get error() {
    return this.#error;
  }

  /** The ids of the history entries on the page shown, newest first. */
  get pageEntries() {
    const first = this.#page * this.#pageSize;
    return this.#sorted.slice(first, first + this.#pageSize).map((h) => h.id);
  }

  /** Moves the focus to the plan panel (a skip link's target) and scrolls it into view. */
  focusPlan() {
    this.#ui.plan.focus({ preventScroll: true });
    this.#ui.plan.scrollIntoView({ block: 'start' });
  }

  // ---- lifecycle -----------------------------------------------------------------------

  connectedCallback() {
    // Properties set before the element was defined sit on the instance: take them.
    for (const name of ['scenario', 'target', 'now', 'description', 'compareWith', 'theme', 'page', 'pageSize']) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    this.#schedule();
  }

  disconnectedCallback() {
    // The module memory goes back when the element leaves the page; it is read again on return.
    if (this.#prepared) {
      this.#prepared.free();
      this.#prepared = null;
      this.#dirty.scenario = true;
    }
  }

  attributeChangedCallback(name, _old, value) {
    try {
      if (name === 'scenario') this.scenario = value;
      else if (name === 'target') this.target = value;
      else if (name === 'now') this.now = value;
      else if (name === 'description') this.description = value;
      else if (name === 'compare-with') this.compareWith = value;
      else if (name === 'page-size') this.pageSize = value ?? DEFAULT_PAGE_SIZE;
    } catch (error) {
      // Never from here: shown in the element instead.
      this.#error = error;
      this.#renderRefused();
    }
  }

  // ---- scheduling ----------------------------------------------------------------------

  #invalidate(what) {
    this.#dirty[what] = true;
    this.#schedule();
  }

  /** Renders once after the current task's changes (a host sets several properties in a row). */
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#flush());
  }

  #flush() {
    this.#scheduled = false;
    if (!this.isConnected) return;
    try {
      if (!engineIsReady()) {
        this.#renderLoading();
        loadEngine().then(
          () => this.#schedule(),
          (error) => this.#renderEngineFailed(error),
        );
        return;
      }
      const key = this.#focusedKey();
      this.#update();
      this.#restoreFocus(key);
    } catch (error) {
      this.#error = error;
      this.#renderRefused();
    }
  }

  #update() {
    const d = this.#dirty;
    let planShown = false;
    if (d.scenario) {
      d.scenario = false;
      d.rows = true;
      d.plan = true;
      d.seekTarget = true;
      this.#read();
      if (this.#error) {
        d.rows = d.marks = d.plan = d.compare = d.seekTarget = false;
        this.#renderRefused();
        return;
      }
      this.#renderMeta();
    }
    if (this.#error) {
      // Still refused: nothing else can be drawn.
      d.rows = d.marks = d.plan = d.compare = d.seekTarget = false;
      return;
    }
    if (d.seekTarget) {
      d.seekTarget = false;
      // A target set by the host is shown: its page comes into view.
      const i = this.#target === null ? -1 : this.#sorted.findIndex((h) => h.id === this.#target);
      if (i >= 0 && Math.floor(i / this.#pageSize) !== this.#page) {
        this.#page = Math.floor(i / this.#pageSize);
        d.rows = true;
      }
      d.plan = true;
    }
    if (d.marks && !d.rows) {
      d.marks = false;
      this.#markRows();
    }
    let pageTurned = false;
    if (d.rows) {
      d.rows = false;
      d.marks = false;
      this.#renderRows();
      // The page changed by the user's hand or to show a target: the host hears of it.
      if (this.#page !== this.#shownPage) {
        pageTurned = this.#shownPage !== null && !this.#pageFromHost;
        this.#shownPage = this.#page;
      }
      this.#pageFromHost = false;
    }
    if (d.plan) {
      d.plan = false;
      this.#computePlan();
      this.#renderPlan();
      planShown = true;
    }
    // The comparison follows the target, the second entry and the page (its list of entries).
    let compared = false;
    if (planShown || d.compare || pageTurned) {
      const had = this.#comparison !== null || this.#compareError !== null;
      const recompute = d.compare || planShown;
      if (recompute) this.#computeComparison();
      d.compare = false;
      this.#renderCompare();
      compared = recompute && (had || this.#comparison !== null || this.#compareError !== null);
    }
    if (pageTurned) {
      this.#emit('pagechange', { page: this.#page, pageCount: Math.max(1, Math.ceil(this.#sorted.length / this.#pageSize)), ids: this.pageEntries });
    }
    if (planShown) this.#emit('planchange', { target: this.#target, plan: this.#plan, error: this.#planError });
    if (compared) this.#emit('comparechange', { from: this.#compareWith, to: this.#target, comparison: this.#comparison, error: this.#compareError });
  }

  #emit(type, detail, cancelable = false) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  // ---- the engine's answers ------------------------------------------------------------

  #read() {
    const previous = this.#byId;
    if (this.#prepared) this.#prepared.free();
    this.#prepared = null;
    this.#eligibility = null;
    this.#error = null;
    this.#plan = null;
    this.#planError = null;
    this.#comparison = null;
    this.#compareError = null;
    this.#history = [];
    this.#byId = new Map();
    this.#eligById = new Map();
    this.#sorted = [];
    this.#deployment = null;
    this.#profile = null;
    this.#runningTasks = [];
    this.#effectiveNow = null;
    this.#fresh = new Set();
    if (this.#scenario === null) return;
    const input = this.#now === null ? this.#scenario : withNow(this.#scenario, this.#now);
    let prepared = null;
    try {
      prepared = new PreparedScenario(input);
      this.#eligibility = prepared.checkEligibility();
    } catch (error) {
      if (prepared) prepared.free();
      this.#error = error;
      return;
    }
    this.#prepared = prepared;
    const scenario = asObject(input) ?? {};
    this.#history = Array.isArray(scenario.history) ? scenario.history : [];
    this.#deployment = scenario.deployment ?? {};
    this.#profile = scenario.profile ?? 'astroHosted';
    this.#runningTasks = Array.isArray(scenario.runningTasks) ? scenario.runningTasks : [];
    this.#effectiveNow = scenario.now instanceof Date ? scenario.now.toISOString() : scenario.now;
    this.#byId = new Map(this.#history.map((h) => [h.id, h]));
    this.#eligById = new Map(this.#eligibility.entries.map((e) => [e.id, e]));
    this.#sorted = this.#eligibility.entries.map((e) => this.#byId.get(e.id) ?? { id: e.id });
    // Entries a change added are highlighted once (not on a whole new story).
    if (previous.size && this.#history.some((h) => previous.has(h.id))) {
      for (const h of this.#history) if (!previous.has(h.id)) this.#fresh.add(h.id);
    }
    const pages = Math.max(1, Math.ceil(this.#sorted.length / this.#pageSize));
    if (this.#page > pages - 1) this.#page = pages - 1;
  }

  #computePlan() {
    this.#plan = null;
    this.#planError = null;
    if (!this.#prepared || this.#target === null) return;
    try {
      this.#plan = this.#prepared.planRollback(this.#target, this.#description);
    } catch (error) {
      this.#planError = error;
    }
  }

  #computeComparison() {
    this.#comparison = null;
    this.#compareError = null;
    if (!this.#prepared || this.#target === null || this.#compareWith === null) return;
    try {
      this.#comparison = this.#prepared.compareEntries(this.#compareWith, this.#target);
    } catch (error) {
      this.#compareError = error;
    }
  }

  // ---- picking and paging --------------------------------------------------------------

  #pick(id, { reveal = false } = {}) {
    if (id === this.#target) {
      if (reveal) this.#revealVerdict();
      return;
    }
    const previous = this.#target;
    this.#target = id;
    const go = this.#emit('targetchange', { target: id, previous }, true);
    if (!go && this.#target === id) this.#target = previous;
    this.#dirty.marks = true;
    this.#dirty.plan = true;
    // At once, not after the task: the click's answer is laid out with it.
    this.#flush();
    if (reveal && this.#target === id) this.#revealVerdict();
  }

  /** Scrolls the plan to the top of the window unless its verdict is in view already. */
  #revealVerdict() {
    const shown = this.#ui.head.firstElementChild ?? this.#ui.target;
    const box = shown.getBoundingClientRect();
    const height = window.innerHeight || document.documentElement.clientHeight;
    if (box.top >= 0 && box.bottom <= height) return;
    this.#ui.plan.scrollIntoView({ block: 'start', behavior: smoothly() });
  }

  /** Brings the picked entry's row into view and puts the focus on its radio. */
  #showPicked() {
    const row = () => [...this.#ui.body.children].find((tr) => tr.dataset.id === this.#target);
    if (!row()) {
      // On another page: turn to it.
      this.#dirty.seekTarget = true;
      this.#flush();
    }
    const tr = row();
    if (!tr) return;
    tr.querySelector('input[type="radio"]')?.focus({ preventScroll: true });
    tr.scrollIntoView({ block: 'center', behavior: smoothly() });
  }

  /** The user picked the entry to compare the target with (the list in the plan). */
  #pickCompare(id) {
    if (id === this.#compareWith) return;
    this.#compareWith = id;
    this.#dirty.compare = true;
    this.#flush();
  }

  #turn(delta) {
    const pages = Math.max(1, Math.ceil(this.#sorted.length / this.#pageSize));
    const next = Math.max(0, Math.min(pages - 1, this.#page + delta));
    if (next === this.#page) return;
    this.#page = next;
    this.#dirty.rows = true;
    this.#flush();
  }

  #focusedKey() {
    const active = this.#root.activeElement;
    return active && active.dataset ? active.dataset.key : undefined;
  }

  #restoreFocus(key) {
    if (!key) return;
    const active = this.#root.activeElement;
    if (active && active.isConnected && active.dataset.key === key) return;
    const again = [...this.#root.querySelectorAll('[data-key]')].find((n) => n.dataset.key === key);
    if (again) again.focus({ preventScroll: true });
  }

  // ---- drawing -------------------------------------------------------------------------

  #build() {
    const ui = this.#ui;
    ui.meta = el('p', { class: 'meta', id: 'deployment-meta', part: 'meta' });
    ui.refused = el('div', { id: 'input-error' });
    ui.body = el('tbody', { id: 'history-body' });
    ui.table = el(
      'table',
      { class: 'history stack', id: 'history', part: 'table' },
      el('caption', { class: 'sr-only', text: 'Deploy history of the Deployment, newest first; the first column picks the rollback target' }),
      el('thead', {}, el('tr', {}, ['Target', 'Entry', 'Time (UTC)', 'Author', 'Type', 'Image tag', 'Dag bundle version', 'Runtime', 'Description'].map((t) => el('th', { scope: 'col', text: t })))),
      ui.body,
    );
    ui.newer = el('button', { type: 'button', id: 'page-newer', part: 'page-button', 'data-key': 'page-newer', text: '← Newer' });
    ui.older = el('button', { type: 'button', id: 'page-older', part: 'page-button', 'data-key': 'page-older', text: 'Older →' });
    ui.pageInfo = el('span', { class: 'page-info', id: 'page-info', 'aria-live': 'polite' });
    ui.pager = el('nav', { class: 'pager', id: 'history-pager', part: 'pager', 'aria-label': 'Pages of the history', hidden: true }, ui.newer, ui.pageInfo, ui.older);
    ui.tableWrap = el('div', { class: 'table-wrap' }, ui.table);
    ui.history = el(
      'section',
      { class: 'panel', id: 'history-card', part: 'panel history', 'aria-labelledby': 'history-h' },
      el('div', { class: 'panel-head' }, el('h2', { id: 'history-h', part: 'heading' }, el('slot', { name: 'history-heading' }, 'Deploy History')), ui.meta),
      el(
        'p',
        { class: 'hint', part: 'hint' },
        el(
          'slot',
          { name: 'history-hint' },
          el('span', { class: 'for-pointer', text: 'Newest first. Pick a rollback target with the radio buttons (arrow keys move between them) or by clicking a row.' }),
          el('span', { class: 'for-touch', text: 'Newest first. Tap an entry to pick it as the rollback target: its plan comes into view.' }),
        ),
      ),
      ui.refused,
      ui.tableWrap,
      ui.pager,
    );
    ui.head = el('div', { id: 'plan-head', 'aria-live': 'polite' });
    ui.target = el('p', { class: 'plan-target', id: 'plan-target', part: 'target' });
    ui.details = el('div', { id: 'plan-details' });
    ui.plan = el(
      'section',
      { class: 'panel', id: 'plan', part: 'panel plan', 'aria-labelledby': 'plan-h', tabindex: '-1' },
      el('h2', { id: 'plan-h', part: 'heading' }, el('slot', { name: 'plan-heading' }, 'Rollback plan')),
      ui.head,
      ui.target,
      el('slot', { name: 'actions' }),
      ui.details,
      (ui.compare = el('div', { id: 'compare', part: 'compare' })),
    );
    this.#root.append(ui.history, ui.plan);

    // One handler for the whole table: rows come and go with pages and changes.
    // A pick by touch brings the plan into view (on a phone it lies below the history); a
    // pick by mouse or keyboard leaves the page where it is.
    ui.body.addEventListener('pointerdown', (ev) => (this.#pointer = ev.pointerType || null));
    ui.body.addEventListener('keydown', () => (this.#pointer = null));
    const touched = () => this.#pointer === 'touch' || this.#pointer === 'pen';
    ui.body.addEventListener('change', (ev) => {
      const radio = ev.target;
      if (radio instanceof HTMLInputElement && radio.name === 'target') this.#pick(radio.value, { reveal: touched() });
    });
    ui.body.addEventListener('click', (ev) => {
      if (ev.target.closest('input, a, button, label')) return;
      const tr = ev.target.closest('tr[data-id]');
      if (tr) this.#pick(tr.dataset.id, { reveal: touched() });
    });
    ui.compare.addEventListener('change', (ev) => {
      if (ev.target instanceof HTMLSelectElement && ev.target.id === 'compare-with') this.#pickCompare(ev.target.value === '' ? null : ev.target.value);
    });
    ui.target.addEventListener('click', (ev) => {
      if (ev.target.closest('#show-picked')) this.#showPicked();
    });
    ui.newer.addEventListener('click', () => this.#turn(-1));
    ui.older.addEventListener('click', () => this.#turn(1));
  }

  #renderLoading() {
    if (this.#ui.body.childElementCount) return;
    fill(this.#ui.body, el('tr', {}, el('td', { colspan: 9, class: 'empty', text: 'Loading the engine…' })));
  }

  #renderEngineFailed(error) {
    fill(this.#ui.refused, errorBox(error, 'The engine could not be loaded'));
    fill(this.#ui.body);
  }

  /** The scenario is refused: the engine's error (code, path, sentence) instead of the panels' content. */
  #renderRefused() {
    const ui = this.#ui;
    fill(ui.refused, errorBox(this.#error, 'The engine refused this scenario'));
    fill(ui.meta);
    fill(ui.body);
    ui.tableWrap.hidden = true;
    ui.pager.hidden = true;
    fill(ui.head);
    fill(ui.target, 'No plan: the scenario is refused (see the Deploy History).');
    fill(ui.details);
    fill(ui.compare);
  }

  /**
   * The comparison of the target with a second entry: a list to pick it (the entries of the
   * page shown, the current deploy and the one picked), then the engine's answer: which is
   * newer, what lies between, each field from one to the other, the Runtime's warnings and
   * the commits.
   */
  #renderCompare() {
    const ui = this.#ui;
    if (this.#error || this.#scenario === null || this.#target === null || !this.#byId.has(this.#target)) {
      fill(ui.compare);
      return;
    }
    const first = this.#page * this.#pageSize;
    const ids = new Set(this.#sorted.slice(first, first + this.#pageSize).map((h) => h.id));
    if (this.#eligibility?.current) ids.add(this.#eligibility.current);
    if (this.#compareWith !== null && this.#byId.has(this.#compareWith)) ids.add(this.#compareWith);
    ids.delete(this.#target);
    const choices = this.#sorted.filter((h) => ids.has(h.id));
    const select = el(
      'select',
      { id: 'compare-with', part: 'compare-select', 'data-key': 'compare-with' },
      el('option', { value: '', text: '— none —' }),
      choices.map((h) =>
        el('option', { value: h.id, selected: h.id === this.#compareWith, text: `${h.id} · ${fmtTime(h.createdAt)}${h.id === this.#eligibility?.current ? ' (current)' : ''}` }),
      ),
    );
    if (this.#compareWith === null) select.value = '';
    const c = this.#comparison;
    const body = [];
    if (this.#compareError) {
      body.push(errorBox(this.#compareError, 'The engine cannot compare these entries'));
    } else if (c) {
      const between = c.between.length
        ? `${c.between.length} ${c.between.length === 1 ? 'entry lies' : 'entries lie'} between them: ${c.between.join(', ')}.`
        : c.direction === 'same' ? '' : 'No entry lies between them.';
      body.push(
        el(
          'p',
          { class: 'compare-summary', id: 'compare-summary', 'data-direction': c.direction },
          'From ',
          el('strong', { text: c.from }),
          ' to ',
          el('strong', { text: c.to }),
          c.direction === 'same' ? ': the same entry. ' : `: the target is ${DIRECTIONS[c.direction] ?? c.direction}. `,
          between,
        ),
        el(
          'div',
          { class: 'table-wrap' },
          el(
            'table',
            { class: 'fields', id: 'compare-fields', part: 'compare-fields' },
            el('caption', { class: 'sr-only', text: `Each field of ${c.from} and of ${c.to}` }),
            el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Field' }), el('th', { scope: 'col', text: `${c.from} → ${c.to}` }))),
            el(
              'tbody',
              {},
              c.fields.map((f) =>
                el(
                  'tr',
                  { class: ['field-row', f.changes ? 'changes' : 'same'], part: 'field', 'data-field': f.field },
                  el('th', { scope: 'row' }, el('span', { class: 'field-name title-text', text: f.label })),
                  el(
                    'td',
                    { class: 'values' },
                    f.changes
                      ? [el('span', { class: 'val-current', text: f.fromText }), el('span', { class: 'val-target' }, el('span', { class: 'arrow', 'aria-label': 'becomes', text: '→ ' }), f.toText)]
                      : [el('span', { class: 'val-same', text: f.fromText }), el('span', { class: 'muted', text: ' (the same)' })],
                  ),
                ),
              ),
            ),
          ),
        ),
        c.warnings.length
          ? el(
              'ul',
              { class: 'notes', id: 'compare-warnings', part: 'warnings' },
              c.warnings.map((w) =>
                el(
                  'li',
                  { class: ['note', `sev-${w.severity}`], part: `warning warning-${w.severity}`, 'data-code': w.code, 'data-severity': w.severity, 'data-rule': w.rule },
                  el('strong', { class: 'note-title' }, severityMark(w.severity), el('span', { class: 'warning-title title-text', text: w.title })),
                  el('span', { class: 'note-text warning-text', text: w.message }),
                ),
              ),
            )
          : null,
        c.commits.from || c.commits.to
          ? el(
              'dl',
              { class: 'kv', id: 'compare-commits' },
              el('dt', { text: 'Commits' }),
              el('dd', {}, el('code', { text: c.commits.from ?? 'unknown' }), ' → ', el('code', { text: c.commits.to ?? 'unknown' })),
            )
          : null,
      );
    }
    fill(
      ui.compare,
      el('h3', { id: 'compare-h', text: 'Compare with another entry' }),
      el('div', { class: 'compare-pick' }, el('label', { for: 'compare-with', text: `Compare ${this.#target} with` }), select),
      body,
    );
  }

  #renderMeta() {
    const ui = this.#ui;
    fill(ui.refused);
    ui.tableWrap.hidden = false;
    if (this.#scenario === null) {
      fill(ui.meta);
      return;
    }
    const d = this.#deployment;
    const current = this.#eligibility.current ? this.#byId.get(this.#eligibility.current) : null;
    fill(
      ui.meta,
      d.name ? el('span', { class: 'meta-item' }, el('strong', { text: d.name })) : null,
      el('span', { class: 'meta-item', text: PROFILES[this.#profile] ?? this.#profile }),
      el('span', { class: 'meta-item', text: `Runtime ${(current ? current.runtimeVersion : d.runtimeVersion) ?? 'unknown'}` }),
      d.executor ? el('span', { class: 'meta-item', text: `${String(d.executor).toLowerCase()} executor` }) : null,
      el('span', { class: 'meta-item' }, 'now ', el('time', { datetime: this.#effectiveNow, id: 'now-text', text: fmtTime(this.#effectiveNow) })),
    );
  }

  #renderRows() {
    const ui = this.#ui;
    const size = this.#pageSize;
    const total = this.#sorted.length;
    const pages = Math.max(1, Math.ceil(total / size));
    this.#page = Math.max(0, Math.min(this.#page, pages - 1));
    const first = this.#page * size;
    const rows = this.#sorted.slice(first, first + size).map((h) => this.#row(h));
    if (!rows.length) {
      const text = this.#scenario === null ? 'No scenario yet.' : 'No deploy in the history yet.';
      rows.push(el('tr', {}, el('td', { colspan: 9, class: 'empty', text })));
    }
    fill(ui.body, rows);
    this.#fresh.clear(); // highlighted once, not on every redraw
    ui.pager.hidden = pages === 1;
    if (pages > 1) {
      const last = Math.min(first + size, total);
      ui.pageInfo.textContent = `Entries ${count(first + 1)}–${count(last)} of ${count(total)}, newest first`;
      ui.newer.disabled = this.#page === 0;
      ui.older.disabled = this.#page === pages - 1;
    }
  }

  #row(h) {
    const e = this.#eligById.get(h.id);
    const picked = h.id === this.#target;
    const radioId = `target-${h.id}`;
    const eligible = !!(e && e.eligible);
    const reasons = e ? e.reasons : [];
    const badges = [];
    if (e && e.isCurrent) badges.push(el('span', { class: 'badge badge-current', part: 'badge', text: 'current' }));
    if (h.status && h.status !== 'deployed') badges.push(el('span', { class: 'badge badge-failed', part: 'badge', text: STATUSES[h.status] ?? h.status }));
    const mark = eligible
      ? [el('span', { class: 'elig-word', text: '✓ eligible' }), e.windowClosesAt && !e.isCurrent ? el('span', { class: 'elig-until' }, 'until ', el('time', { datetime: e.windowClosesAt, text: fmtTime(e.windowClosesAt) })) : null]
      : [
          el('span', { class: 'elig-word', text: '✕ not eligible' }),
          reasons.map((r) => el('span', { class: 'elig-reason', 'data-code': r.code }, el('span', { class: 'title-text', text: r.title }), el('span', { class: 'sr-only', text: `: ${r.message}` }))),
        ];
    return el(
      'tr',
      {
        class: ['history-row', picked ? 'is-picked' : '', eligible ? '' : 'is-ineligible', this.#fresh.has(h.id) ? 'is-fresh' : ''],
        part: picked ? 'row picked-row' : 'row',
        'data-id': h.id,
      },
      el(
        'td',
        { class: 'cell-target', 'data-label': 'Target' },
        el('input', { type: 'radio', name: 'target', id: radioId, value: h.id, checked: picked, 'data-key': `radio:${h.id}`, 'aria-describedby': `elig-${h.id}` }),
        el('label', { for: radioId, class: 'sr-only', text: `Roll back to ${h.id}, deployed ${fmtTime(h.createdAt)}` }),
        el('span', { class: ['elig', eligible ? 'elig-ok' : 'elig-no'], id: `elig-${h.id}`, title: eligible ? null : reasons.map((r) => r.message).join('\n') }, mark),
      ),
      el('td', { class: 'cell-id', 'data-label': 'Entry' }, el('code', { text: h.id })),
      el('td', { class: 'cell-time', 'data-label': 'Time (UTC)' }, el('time', { datetime: h.createdAt, text: fmtTime(h.createdAt) }), badges.length ? el('span', { class: 'badges' }, badges) : null),
      el('td', { class: 'cell-author', 'data-label': 'Author', text: h.author ?? '—' }),
      el('td', { class: 'cell-type', 'data-label': 'Type' }, el('span', { class: 'type-name', text: DEPLOY_TYPES[h.type] ?? h.type ?? '—' }), h.rollbackOf ? el('span', { class: 'type-of', text: `to ${h.rollbackOf}` }) : null),
      el('td', { class: 'cell-image', 'data-label': 'Image tag' }, el('code', { text: h.imageTag ?? 'unknown' })),
      el('td', { class: 'cell-bundle', 'data-label': 'Dag bundle version' }, h.dagBundleVersion ? el('code', { text: h.dagBundleVersion }) : '—'),
      el('td', { class: 'cell-runtime', 'data-label': 'Runtime' }, h.runtimeVersion ? el('code', { text: h.runtimeVersion }) : 'unknown'),
      el('td', { class: 'cell-description', 'data-label': 'Description', text: h.description ?? '' }),
    );
  }

  /** Moves the picked mark to the target's row, without drawing the rows again. */
  #markRows() {
    for (const tr of this.#ui.body.children) {
      if (!tr.dataset.id) continue;
      const picked = tr.dataset.id === this.#target;
      tr.classList.toggle('is-picked', picked);
      tr.setAttribute('part', picked ? 'row picked-row' : 'row');
      const radio = tr.querySelector('input[type="radio"]');
      if (radio) radio.checked = picked;
    }
  }

  #renderPlan() {
    const ui = this.#ui;
    const plan = this.#plan;
    const entry = this.#target === null ? null : this.#byId.get(this.#target);
    fill(
      ui.target,
      this.#target === null
        ? 'No target picked: pick one in the Deploy History.'
        : [
            'Target: ',
            el('strong', { text: this.#target }),
            entry ? [` · deployed ${fmtTime(entry.createdAt)} · Runtime `, entry.runtimeVersion ? el('code', { text: entry.runtimeVersion }) : 'unknown'] : null,
            // On a touch screen the history is a long way up: a way back to the picked entry.
            entry ? [' ', el('button', { type: 'button', class: 'for-touch show-picked', id: 'show-picked', part: 'show-picked', 'data-key': 'show-picked', text: 'Show in the history' })] : null,
          ],
    );
    if (this.#planError) {
      fill(ui.head, errorBox(this.#planError, 'The engine cannot plan this rollback'));
      fill(ui.details);
      return;
    }
    if (!plan) {
      fill(ui.head);
      fill(ui.details);
      return;
    }

    // The verdict and its reasons come first: they say whether anything below can happen.
    const verdict = VERDICTS[plan.verdict] ?? { title: plan.verdict, text: '', icon: '?' };
    fill(
      ui.head,
      el(
        'div',
        { class: ['verdict', `verdict-${plan.verdict}`], id: 'verdict', part: `verdict verdict-${plan.verdict}`, 'data-verdict': plan.verdict },
        el('span', { class: 'verdict-icon', 'aria-hidden': 'true', text: verdict.icon }),
        el(
          'div',
          { class: 'verdict-body' },
          el('p', { class: 'verdict-title', text: plan.verdict === 'allowed' ? verdict.title : `${verdict.title}: roll back to ${plan.target}` }),
          plan.reasons.length
            ? el(
                'ul',
                { class: 'reason-list', id: 'plan-reasons', part: 'reasons', 'aria-label': 'Why' },
                plan.reasons.map((r) => el('li', { part: 'reason', 'data-code': r.code, 'data-severity': r.severity, 'data-rule': r.rule }, el('strong', { class: 'reason-title' }, el('span', { class: 'title-text', text: r.title }), ': '), r.message)),
              )
            : null,
          el('p', { class: 'verdict-text', text: verdict.text }),
        ),
      ),
    );

    const sections = [];
    sections.push(
      el('h3', { text: plan.warnings.length ? `Warnings (${plan.warnings.length})` : 'Warnings' }),
      plan.warnings.length
        ? el(
            'ul',
            { class: 'notes', id: 'plan-warnings', part: 'warnings' },
            plan.warnings.map((w) =>
              el(
                'li',
                { class: ['note', `sev-${w.severity}`], part: `warning warning-${w.severity}`, 'data-code': w.code, 'data-severity': w.severity, 'data-rule': w.rule },
                el('strong', { class: 'note-title' }, severityMark(w.severity), el('span', { class: 'warning-title title-text', text: w.title })),
                el('span', { class: 'note-text warning-text', text: w.message }),
              ),
            ),
          )
        : el('p', { class: 'muted', text: 'None.' }),
    );

    const erasure = plan.downgrade?.metadataErasure;
    const disposition = (d) => (d === 'restored' ? 'Rolled back' : d === 'kept' ? 'Kept as now' : d === 'erased' ? (erasure === 'likely' ? 'Likely erased' : 'May be erased') : d);
    sections.push(
      el('h3', { text: 'What the rollback changes' }),
      el(
        'div',
        { class: 'table-wrap' },
        el(
          'table',
          { class: 'fields', id: 'plan-fields', part: 'fields' },
          el('caption', { class: 'sr-only', text: 'Each field: rolled back, kept or erased; its value now and after the rollback' }),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Field' }), el('th', { scope: 'col', text: 'Now → after the rollback' }))),
          el(
            'tbody',
            {},
            plan.fields.map((f) =>
              el(
                'tr',
                { class: ['field-row', `disp-${f.disposition}`, f.changes ? 'changes' : 'same'], part: 'field', 'data-field': f.field },
                el(
                  'th',
                  { scope: 'row' },
                  el('span', { class: 'field-name title-text', text: f.label }),
                  el('span', { class: ['disp', `disp-badge-${f.disposition}`], part: 'badge', text: disposition(f.disposition) }),
                ),
                el(
                  'td',
                  { class: 'values' },
                  f.changes
                    ? [
                        el('span', { class: 'val-current', text: f.currentText }),
                        el('span', { class: 'val-target' }, el('span', { class: 'arrow', 'aria-label': 'becomes', text: '→ ' }), f.targetText),
                      ]
                    : [el('span', { class: 'val-same', text: f.currentText }), el('span', { class: 'muted', text: ' (no change)' })],
                ),
              ),
            ),
          ),
        ),
      ),
    );

    // The downgrade, in the engine's words: its warnings say the kind and the erasure.
    const dg = plan.downgrade;
    const said = (code) => plan.warnings.find((w) => w.code === code);
    sections.push(
      el('h3', { text: 'Runtime' }),
      dg
        ? el(
            'div',
            { class: ['downgrade-card', `erasure-${dg.metadataErasure}`], id: 'downgrade', part: 'downgrade' },
            el('p', { class: 'downgrade-title' }, 'Downgrade ', el('code', { text: dg.from }), ' → ', el('code', { text: dg.to })),
            el(
              'dl',
              { class: 'kv' },
              el('dt', { text: 'Kind' }),
              el('dd', { 'data-kind': dg.kind, text: said('runtimeDowngrade')?.message ?? '' }),
              el('dt', { text: 'Metadata' }),
              el('dd', { 'data-erasure': dg.metadataErasure, text: said('metadataErasure')?.title ?? '' }),
            ),
            said('metadataErasure') ? el('p', { class: 'downgrade-note', text: said('metadataErasure').message }) : null,
          )
        : el('p', { class: 'muted', id: 'downgrade', text: 'No downgrade: the target runs the same or a newer Runtime.' }),
    );

    const tasks = new Map(this.#runningTasks.map((t) => [t.id, t]));
    sections.push(
      el('h3', { text: 'Running tasks' }),
      plan.runningTasks.length
        ? el(
            'ul',
            { class: 'items', id: 'plan-tasks', part: 'tasks' },
            plan.runningTasks.map((t) => {
              const task = tasks.get(t.id);
              const retries = task && typeof task.retriesLeft === 'number' ? ` · ${task.retriesLeft} ${task.retriesLeft === 1 ? 'retry' : 'retries'} left` : '';
              const started = task?.startedAt ? ` · started ${fmtTime(task.startedAt)}` : '';
              return el(
                'li',
                { class: ['item', 'task', `sev-${t.severity}`], part: 'task', 'data-outcome': t.outcome, 'data-severity': t.severity, 'data-rule': t.rule },
                el('code', { text: t.id }),
                ' ',
                el('span', { class: 'item-title task-outcome' }, severityMark(t.severity), el('span', { class: 'title-text', text: t.title })),
                el('span', { class: 'muted', text: `${started}${retries}` }),
                el('span', { class: 'item-text', text: t.message }),
              );
            }),
          )
        : el('p', { class: 'muted', text: 'No task is running.' }),
    );

    if (plan.agents.length) {
      sections.push(
        el('h3', { text: 'Remote Execution agents' }),
        el(
          'ul',
          { class: 'items', id: 'plan-agents', part: 'agents' },
          plan.agents.map((a) =>
            el(
              'li',
              { class: ['item', 'agent-check', `sev-${a.severity}`], part: 'agent', 'data-status': a.status, 'data-severity': a.severity, 'data-rule': a.rule },
              el('code', { text: a.id }),
              ' ',
              el('span', { class: 'item-title' }, severityMark(a.severity), el('span', { class: 'title-text', text: a.title })),
              el('span', { class: 'item-text', text: a.message }),
            ),
          ),
        ),
      );
    }

    sections.push(
      el('h3', { text: 'Steps, in order' }),
      plan.steps.length
        ? el('ol', { class: 'steps', id: 'plan-steps', part: 'steps' }, plan.steps.map((step) => el('li', { text: step })))
        : el('p', { class: 'muted', text: 'None: the rollback cannot be done as things stand.' }),
    );

    const n = plan.newEntry;
    sections.push(
      el('h3', { text: 'The new history entry' }),
      n
        ? el(
            'dl',
            { class: 'kv new-entry', id: 'plan-new-entry', part: 'new-entry' },
            el('dt', { text: 'Time' }),
            el('dd', { text: fmtTime(n.createdAt) }),
            el('dt', { text: 'Image tag' }),
            el('dd', {}, el('code', { text: n.imageTag ?? 'unknown' })),
            el('dt', { text: 'Dag bundle version' }),
            el('dd', {}, n.dagBundleVersion ? el('code', { text: n.dagBundleVersion }) : '—'),
            el('dt', { text: 'Runtime' }),
            el('dd', {}, n.runtimeVersion ? el('code', { text: n.runtimeVersion }) : 'unknown'),
            el('dt', { text: 'Description' }),
            el('dd', { text: n.description ?? '(none)' }),
          )
        : el('p', { class: 'muted', id: 'plan-new-entry', text: 'None: a blocked rollback writes nothing.' }),
    );
    fill(ui.details, sections);
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('rollback-preview')) {
  customElements.define('rollback-preview', RollbackPreview);
}

export default RollbackPreview;
