// The demo's controller: one scenario (always valid for the engine), read once into a
// PreparedScenario; the picked target; an undo stack; and views drawn from them. Every rule
// comes from the engine (pkg/): its answers, its options in force (resolvedOptions) and its
// limits; this file only asks and draws.
//
// What is redrawn when:
// - the scenario changes (a story, a rollback, a deploy, "now"…): everything, once;
// - a target is picked: the plan, two table rows and two timeline lanes, and the address;
// - the description is typed: the plan.
// The history table shows one page of PAGE_SIZE entries, and the timeline the same page, so
// that a history of 10,000 entries draws as fast as one of 50.

import init, * as engine from '../pkg/index.js';
import { el, fill, $, $$, showError, hideError } from './dom.js';
import {
  fmtTime, isoFromMs, isoFromInput, inputFromIso, nowToTheMinute, plural,
  DEPLOY_TYPES, STATUSES, PROFILES, VERDICTS, REASON_TITLES, FIELD_TITLES,
  DOWNGRADE_KINDS, ERASURE, titleOf, taskOutcome, fmtValue, warningTitle, dispositionTitle,
} from './format.js';
import { renderTimeline, markPicked } from './timeline.js';
import { readShared, shareParams } from './share.js';

const HOUR = 3600000;
const DAY = 24 * HOUR;
/** History rows (and timeline lanes) drawn at once. */
const PAGE_SIZE = 50;
/** Past this many entries the JSON editor is filled when the browser is idle. */
const BIG_HISTORY = 2000;

const ROLES = ['deploymentViewer', 'deploymentEditor', 'deploymentAdmin', 'systemAdmin'];
const PERMISSIONS = ['deployment.images.push', 'deployment.dags.push', 'system.deployments.images.push'];

const state = {
  /** The scenario as the engine reads it; every adopted value passed the engine. */
  scenario: null,
  /** The engine's view of `scenario`, read once. */
  prepared: null,
  eligibility: null,
  /** The policy options in force (resolvedOptions): retention, grace, description limit. */
  options: null,
  /** History entries by id, and newest first in the engine's order. */
  byId: new Map(),
  eligById: new Map(),
  sorted: [],
  /** The loaded story (preset, import, link or the built-in example), for Reset. */
  story: null,
  /** Snapshots before each change: { scenario, target, label }. */
  undo: [],
  target: null,
  plan: null,
  planError: null,
  page: 0,
  /** The id of the entry the last change added, highlighted in the table once. */
  fresh: null,
  /** The JSON editor holds edits not applied yet. */
  jsonDirty: false,
  /** The scenario as the address carries it (see share.js), or null while it is encoded. */
  sharedScenario: null,
  shareSeq: 0,
  /** The fragment this page wrote last (so that only a visitor's own edits reload). */
  lastHash: null,
};

const ui = {};

// ---------------------------------------------------------------------------------------
// The engine's view of a scenario

/** A scenario's history: optional in the engine's input. */
const historyOf = (scenario) => scenario.history ?? [];

/** Reads `scenario` once; throws the engine's error when it refuses it. */
function prepare(scenario) {
  const prepared = new engine.PreparedScenario(scenario);
  try {
    return { prepared, eligibility: prepared.checkEligibility(), options: prepared.resolvedOptions() };
  } catch (error) {
    prepared.free();
    throw error;
  }
}

/** Makes `scenario` (read by `prepare`) the current one. */
function adopt(scenario, view) {
  const old = state.prepared;
  state.scenario = scenario;
  state.prepared = view.prepared;
  state.eligibility = view.eligibility;
  state.options = view.options;
  state.byId = new Map(historyOf(scenario).map((h) => [h.id, h]));
  state.eligById = new Map(view.eligibility.entries.map((e) => [e.id, e]));
  state.sorted = view.eligibility.entries.map((e) => state.byId.get(e.id));
  if (old && old !== view.prepared) old.free();
  state.sharedScenario = null;
}

const currentEntry = () => (state.eligibility.current ? state.byId.get(state.eligibility.current) : null);
const pageOf = (id) => {
  const i = state.sorted.findIndex((h) => h.id === id);
  return i < 0 ? 0 : Math.floor(i / PAGE_SIZE);
};
const pageCount = () => Math.max(1, Math.ceil(state.sorted.length / PAGE_SIZE));

function defaultTarget(eligibility) {
  const entries = eligibility.entries;
  return (entries.find((e) => e.eligible && !e.isCurrent) ?? entries.find((e) => !e.isCurrent) ?? entries[0])?.id ?? null;
}

// ---------------------------------------------------------------------------------------
// State changes

/** Loads a whole new story: a preset, an import, a link or the built-in example. Throws engine errors. */
function loadStory(story, { shared = null } = {}) {
  const view = prepare(story.scenario);
  adopt(structuredClone(story.scenario), view);
  state.story = structuredClone(story);
  state.undo = [];
  state.fresh = null;
  state.jsonDirty = false;
  state.target = story.target !== undefined && (story.target === null || state.byId.has(story.target)) ? story.target : defaultTarget(view.eligibility);
  state.page = state.target ? pageOf(state.target) : 0;
  ui.description.value = story.description ?? '';
  fill(ui.rollbackStatus);
  fill(ui.storyStatus);
  for (const box of [ui.storyError, ui.nowError, ui.jsonError, ui.rollbackError, ui.presetError]) hideError(box);
  fill(ui.storyTitle, story.title);
  fill(ui.storyText, story.summary ?? '');
  for (const b of $$('#preset-buttons button')) b.setAttribute('aria-pressed', String(b.dataset.file === story.file));
  syncForms();
  render();
  if (shared) {
    // Opened from a link: the address already says it all.
    state.shareSeq += 1;
    state.sharedScenario = shared;
    writeHash();
  } else {
    share();
  }
}

/**
 * Replaces the scenario with `next` (read here; throws the engine's error and changes
 * nothing when it refuses it). `target`: 'keep' keeps the picked one when it is still in
 * the history, or an id, or null for nothing picked.
 */
function commit(next, { label, fresh = null, target = 'keep' } = {}) {
  const view = prepare(next);
  state.undo.push({ scenario: state.scenario, target: state.target, label });
  adopt(next, view);
  state.fresh = fresh;
  if (target !== 'keep') state.target = target;
  else if (state.target && !state.byId.has(state.target)) state.target = null;
  if (state.target === null) setDescription('');
  state.page = fresh ? pageOf(fresh) : Math.min(state.page, pageCount() - 1);
  syncForms();
  render();
  share();
}

function undo() {
  const last = state.undo.pop();
  if (!last) return;
  // "Now" is a view on the story, not a change to it: it stays where the visitor put it.
  let restored = { ...last.scenario, now: state.scenario.now };
  let view;
  try {
    view = prepare(restored);
  } catch {
    restored = last.scenario;
    view = prepare(restored);
  }
  adopt(restored, view);
  state.target = last.target && state.byId.has(last.target) ? last.target : null;
  state.fresh = null;
  state.page = state.target ? pageOf(state.target) : 0;
  setDescription('');
  // Whatever the status lines said was about the change just undone.
  fill(ui.storyStatus);
  for (const box of [ui.storyError, ui.rollbackError, ui.nowError]) hideError(box);
  syncForms();
  render();
  say(ui.rollbackStatus, `Undone: ${last.label}.`);
  share();
}

async function reset() {
  if (!(await mayDropEdits('Reset goes back to the start of the story'))) return;
  loadStory(state.story);
  say(ui.rollbackStatus, 'Reset to the start of the story.');
}

/** Picks a rollback target (or none): redraws the plan and moves the marks, nothing else. */
function pick(id) {
  if (id === state.target) return;
  const old = state.target;
  state.target = id;
  // A description is written for one target.
  setDescription('');
  fill(ui.rollbackStatus);
  hideError(ui.rollbackError);
  computePlan();
  keepFocus(renderPlan);
  for (const [rowId, picked] of [[old, false], [id, true]]) {
    if (!rowId) continue;
    const tr = ui.historyBody.querySelector(`tr[data-id="${CSS.escape(rowId)}"]`);
    if (!tr) continue;
    tr.classList.toggle('is-picked', picked);
    const radio = tr.querySelector('input[type="radio"]');
    if (radio) radio.checked = picked;
  }
  markPicked(ui.timeline, old, id);
  // The address follows a moment later: writing a long one costs milliseconds a pick need not wait for.
  scheduleHash();
}

/** Moves "now"; returns false (and shows the engine's error) when the engine refuses it. */
function setNow(iso) {
  const next = { ...state.scenario, now: iso };
  let view;
  try {
    view = prepare(next);
  } catch (error) {
    showError(ui.nowError, error, 'The engine refused this “now”');
    return false;
  }
  hideError(ui.nowError);
  adopt(next, view);
  if (state.target && !state.byId.has(state.target)) state.target = null;
  render();
  share();
  return true;
}

/**
 * Runs one event at "now" through the engine's simulation. Applied: the simulated history and
 * Deployment become the scenario (undoable). Rejected: the reasons are shown and nothing changes.
 */
function applyEvent(event, label, statusBox, errorBox, { target = 'keep' } = {}) {
  hideError(errorBox);
  const { now: _now, ...rest } = state.scenario;
  let sim;
  try {
    sim = engine.simulateTimeline({ ...rest, events: [event] });
  } catch (error) {
    showError(errorBox, error);
    fill(statusBox);
    return null;
  }
  const step = sim.steps[0];
  if (step.outcome !== 'applied') {
    fill(
      statusBox,
      el('p', { class: 'rejected' }, el('strong', { text: 'Rejected by the simulation. ' }), 'Nothing changed.'),
      el('ul', { class: 'reason-list' }, step.reasons.map((r) => el('li', {}, el('strong', { text: `${titleOf(r.code, REASON_TITLES)}: ` }), r.message))),
    );
    return null;
  }
  const next = { ...state.scenario, history: sim.history, deployment: sim.deployment };
  if (event.kind === 'tasks') next.runningTasks = event.runningTasks;
  try {
    commit(next, { label, fresh: step.entry, target });
  } catch (error) {
    showError(errorBox, error);
    return null;
  }
  return step;
}

function setDescription(text) {
  if (ui.description.value === text) return;
  ui.description.value = text;
  updateCounter();
}

/** Counts as the engine does: Unicode scalar values, not UTF-16 units. */
function updateCounter() {
  const max = state.options?.maxDescriptionChars;
  const n = [...ui.description.value].length;
  if (max === undefined) {
    ui.counter.textContent = String(n);
    return;
  }
  ui.descriptionLimit.textContent = `(up to ${max} characters)`;
  ui.counter.textContent = n > max ? `${n} / ${max}: ${n - max} too many` : `${n} / ${max}`;
  ui.counter.classList.toggle('over', n > max);
}

function say(box, text) {
  fill(box, el('p', { class: 'ok', text }));
}

// ---------------------------------------------------------------------------------------
// The address: the story and the picked target live in the fragment (share.js), which a
// browser never sends to a server.

let hashTimer = 0;

function scheduleHash(delay = 150) {
  clearTimeout(hashTimer);
  document.documentElement.dataset.hash = 'pending';
  hashTimer = setTimeout(writeHash, delay);
}

/** The scenario changed: encode it (asynchronously), then write the address. */
function share() {
  const seq = ++state.shareSeq;
  document.documentElement.dataset.hash = 'pending';
  shareParams({ story: state.story, scenario: state.scenario, pristine: isPristine() })
    .then((shared) => {
      if (seq !== state.shareSeq) return;
      state.sharedScenario = shared;
      writeHash();
    })
    .catch((error) => {
      if (seq !== state.shareSeq) return;
      state.sharedScenario = { tooLong: true, reason: String(error?.message ?? error) };
      writeHash();
    });
}

/** The scenario is the story's own, untouched: a preset's link names the preset file. */
function isPristine() {
  return !!state.story?.file && state.undo.length === 0 && state.scenario.now === state.story.scenario.now;
}

function writeHash() {
  clearTimeout(hashTimer);
  const shared = state.sharedScenario;
  if (!shared) return; // share() writes it when the encoding is done
  const params = new URLSearchParams();
  if (shared.tooLong) {
    fill(ui.shareNote, 'This story is too long to keep in the address: reloading loses its changes.');
    document.documentElement.dataset.hash = 'ready';
    return;
  }
  for (const [key, value] of Object.entries(shared)) params.set(key, value);
  if (state.target) params.set('target', state.target);
  if (ui.description.value) params.set('description', ui.description.value);
  const hash = params.toString();
  if (hash !== state.lastHash) {
    state.lastHash = hash;
    history.replaceState(history.state, '', `#${hash}`);
  }
  fill(ui.shareNote, 'The address holds this story and the picked target: copy it to share the preview. Nothing is sent anywhere: the story lives after the #, which browsers keep to themselves.');
  document.documentElement.dataset.hash = 'ready';
}

/**
 * Loads the story the address names: true when it did, false when the address names none,
 * or `{ error, lead }` when its story cannot be read (the page keeps what it shows).
 */
async function loadFromHash() {
  const hash = location.hash.slice(1);
  if (!hash) return false;
  state.lastHash = hash;
  let found;
  try {
    found = await readShared(new URLSearchParams(hash), (file) => fetchPreset(file));
  } catch (error) {
    return { error, lead: 'The story in this link cannot be read' };
  }
  if (!found) return false;
  try {
    loadStory(found.story, { shared: found.shared });
  } catch (error) {
    return { error, lead: 'The engine refused the story in this link' };
  }
  return true;
}

async function onHashChange() {
  if (location.hash.slice(1) === state.lastHash) return;
  if (!(await mayDropEdits('The address now names another story'))) {
    history.replaceState(history.state, '', `#${state.lastHash ?? ''}`);
    return;
  }
  const loaded = await loadFromHash();
  if (loaded.error) showError(ui.presetError, loaded.error, loaded.lead);
}

// ---------------------------------------------------------------------------------------
// Unapplied JSON edits are dropped only after the visitor says so.

let dropAnswer = null;

/** Resolves true when there is nothing to drop or the visitor agrees to drop it. */
function mayDropEdits(what) {
  if (!state.jsonDirty) return Promise.resolve(true);
  fill(ui.dropText, `${what}, and your edits in “The scenario as JSON” have not been applied: they will be lost.`);
  ui.dropDialog.showModal();
  return new Promise((resolve) => {
    dropAnswer = resolve;
  });
}

function answerDrop(drop) {
  ui.dropDialog.close();
  const resolve = dropAnswer;
  dropAnswer = null;
  if (!drop) {
    ui.json.scrollIntoView({ block: 'center' });
    ui.json.focus({ preventScroll: true });
  }
  resolve?.(drop);
}

// ---------------------------------------------------------------------------------------
// Rendering

function keepFocus(fn) {
  const active = document.activeElement;
  const key = active && active.dataset ? active.dataset.key : undefined;
  fn();
  if (key && (!document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected || document.activeElement !== active)) {
    const again = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again && again !== document.activeElement) again.focus({ preventScroll: true });
  }
}

function computePlan() {
  state.plan = null;
  state.planError = null;
  if (!state.target) return;
  try {
    state.plan = state.prepared.planRollback(state.target, ui.description.value === '' ? null : ui.description.value);
  } catch (error) {
    state.planError = error;
  }
}

/** Only the plan depends on the rollback description. */
function renderPlanOnly() {
  computePlan();
  keepFocus(renderPlan);
}

function render() {
  computePlan();
  keepFocus(() => {
    renderMeta();
    renderHistory();
    renderPlan();
    renderNowControls();
    renderTimelineView();
  });
  renderJson();
  updateCounter();
  ui.undo.disabled = state.undo.length === 0;
  ui.undo.textContent = state.undo.length ? `Undo: ${state.undo[state.undo.length - 1].label}` : 'Undo';
}

function renderMeta() {
  const s = state.scenario;
  const d = s.deployment;
  const current = currentEntry();
  fill(
    ui.meta,
    el('span', { class: 'meta-item' }, el('strong', { text: d.name })),
    el('span', { class: 'meta-item', text: PROFILES[s.profile ?? 'astroHosted'] ?? s.profile }),
    el('span', { class: 'meta-item', text: `Runtime ${(current ? current.runtimeVersion : d.runtimeVersion) ?? 'unknown'}` }),
    d.executor ? el('span', { class: 'meta-item', text: `${d.executor.toLowerCase()} executor` }) : null,
    el('span', { class: 'meta-item' }, 'now ', el('time', { datetime: s.now, id: 'now-text', text: fmtTime(s.now) })),
  );
}

function historyRow(h) {
  const e = state.eligById.get(h.id);
  const picked = h.id === state.target;
  const radioId = `target-${h.id}`;
  const badges = [];
  if (e && e.isCurrent) badges.push(el('span', { class: 'badge badge-current', text: 'current' }));
  if (h.status !== 'deployed') badges.push(el('span', { class: 'badge badge-failed', text: STATUSES[h.status] ?? h.status }));
  const eligMark = e && e.eligible
    ? [el('span', { class: 'elig-word', text: '✓ eligible' })]
    : [el('span', { class: 'elig-word', text: '✕ not eligible' }), ...(e ? e.reasons : []).map((r) => el('span', { class: 'elig-reason', text: titleOf(r.code, REASON_TITLES) }))];
  return el(
    'tr',
    {
      class: ['history-row', picked ? 'is-picked' : '', e && !e.eligible ? 'is-ineligible' : '', h.id === state.fresh ? 'is-fresh' : ''],
      'data-id': h.id,
    },
    el(
      'td',
      { class: 'cell-target', 'data-label': 'Target' },
      el('input', { type: 'radio', name: 'target', id: radioId, value: h.id, checked: picked, 'data-key': `radio:${h.id}`, 'aria-describedby': `elig-${h.id}` }),
      el('label', { for: radioId, class: 'sr-only', text: `Roll back to ${h.id}, deployed ${fmtTime(h.createdAt)}` }),
      el('span', { class: ['elig', e && e.eligible ? 'elig-ok' : 'elig-no'], id: `elig-${h.id}`, title: e && !e.eligible ? e.reasons.map((r) => r.message).join('\n') : null }, eligMark),
    ),
    el('td', { class: 'cell-time', 'data-label': 'Time (UTC)' }, el('time', { datetime: h.createdAt, text: fmtTime(h.createdAt) }), badges.length ? el('span', { class: 'badges' }, badges) : null),
    el('td', { class: 'cell-author', 'data-label': 'Author', text: h.author ?? '—' }),
    el('td', { class: 'cell-type', 'data-label': 'Type' }, el('span', { class: 'type-name', text: DEPLOY_TYPES[h.type] ?? h.type }), h.rollbackOf ? el('span', { class: 'type-of', text: `to ${h.rollbackOf}` }) : null),
    el('td', { class: 'cell-image', 'data-label': 'Image tag' }, el('code', { text: h.imageTag ?? 'unknown' })),
    el('td', { class: 'cell-bundle', 'data-label': 'Dag bundle version' }, h.dagBundleVersion ? el('code', { text: h.dagBundleVersion }) : '—'),
    el('td', { class: 'cell-runtime', 'data-label': 'Runtime' }, h.runtimeVersion ? el('code', { text: h.runtimeVersion }) : 'unknown'),
    el('td', { class: 'cell-description', 'data-label': 'Description', text: h.description ?? '' }),
  );
}

function renderHistory() {
  const pages = pageCount();
  state.page = Math.max(0, Math.min(state.page, pages - 1));
  const first = state.page * PAGE_SIZE;
  const rows = state.sorted.slice(first, first + PAGE_SIZE).map(historyRow);
  if (!rows.length) {
    rows.push(el('tr', {}, el('td', { colspan: 8, class: 'empty', text: 'No deploy in the history yet. Add one under “Change the story”.' })));
  }
  fill(ui.historyBody, rows);
  state.fresh = null; // highlighted once, not on every redraw
  ui.pager.hidden = pages === 1;
  if (pages > 1) {
    const last = Math.min(first + PAGE_SIZE, state.sorted.length);
    ui.pageInfo.textContent = `Entries ${(first + 1).toLocaleString('en')}–${last.toLocaleString('en')} of ${state.sorted.length.toLocaleString('en')}, newest first`;
    ui.pageNewer.disabled = state.page === 0;
    ui.pageOlder.disabled = state.page === pages - 1;
  }
}

function turnPage(delta) {
  state.page = Math.max(0, Math.min(pageCount() - 1, state.page + delta));
  keepFocus(() => {
    renderHistory();
    renderTimelineView();
  });
}

/** The rollback button: primary only when the engine allows the rollback; off when it cannot act. */
function renderButton() {
  const plan = state.plan;
  const b = ui.rollbackButton;
  const target = state.target;
  b.textContent = target ? `Roll back to ${target}` : 'Roll back';
  b.disabled = !target || !plan || plan.verdict === 'blocked';
  b.classList.toggle('primary', !!plan && plan.verdict === 'allowed');
  if (b.disabled && target && plan) b.setAttribute('aria-describedby', 'verdict');
  else b.removeAttribute('aria-describedby');
  let hint = '';
  if (!target) hint = 'Pick a target in the Deploy History first.';
  else if (!plan) hint = 'The engine cannot plan this rollback: see above.';
  else if (plan.verdict === 'blocked') hint = 'Blocked: the reasons are at the top of the plan.';
  else if (plan.verdict === 'actionRequired') hint = 'Do the steps below first: until then the simulation rejects the rollback.';
  ui.rollbackHint.textContent = hint;
  ui.rollbackHint.hidden = hint === '';
}

function renderPlan() {
  const plan = state.plan;
  const target = state.target ? state.byId.get(state.target) : null;
  renderButton();
  fill(
    ui.planTarget,
    target
      ? ['Target: ', el('strong', { text: target.id }), ` · deployed ${fmtTime(target.createdAt)} · Runtime `, target.runtimeVersion ? el('code', { text: target.runtimeVersion }) : 'unknown']
      : 'No target picked: pick one in the Deploy History.',
  );
  if (state.planError) {
    const box = el('div', { class: 'error-box' });
    showError(box, state.planError, 'The engine cannot plan this rollback');
    fill(ui.planHead, box);
    fill(ui.planDetails);
    return;
  }
  if (!plan) {
    fill(ui.planHead);
    fill(ui.planDetails);
    return;
  }

  // The verdict and its reasons come first: they say whether anything below can happen.
  const verdict = VERDICTS[plan.verdict] ?? { title: plan.verdict, text: '' };
  fill(
    ui.planHead,
    el(
      'div',
      { class: ['verdict', `verdict-${plan.verdict}`], id: 'verdict', 'data-verdict': plan.verdict },
      el('span', { class: 'verdict-icon', 'aria-hidden': 'true', text: plan.verdict === 'allowed' ? '✓' : plan.verdict === 'blocked' ? '✕' : '!' }),
      el(
        'div',
        { class: 'verdict-body' },
        el('p', { class: 'verdict-title', text: plan.verdict === 'allowed' ? verdict.title : `${verdict.title}: roll back to ${plan.target}` }),
        plan.reasons.length
          ? el(
              'ul',
              { class: 'reason-list', id: 'plan-reasons', 'aria-label': 'Why' },
              plan.reasons.map((r) => el('li', { 'data-code': r.code }, el('strong', { text: `${titleOf(r.code, REASON_TITLES)}: ` }), r.message)),
            )
          : null,
        el('p', { class: 'verdict-text', text: verdict.text }),
      ),
    ),
  );

  const grace = state.options.taskGracePeriodHours;
  const sections = [];

  sections.push(
    el('h3', { text: plan.warnings.length ? `Warnings (${plan.warnings.length})` : 'Warnings' }),
    plan.warnings.length
      ? el(
          'ul',
          { class: 'warning-list', id: 'plan-warnings' },
          plan.warnings.map((w) =>
            el('li', { class: ['warning', `warning-${w.code}`], 'data-code': w.code }, el('strong', { class: 'warning-title', text: warningTitle(w.code, plan) }), el('span', { class: 'warning-text', text: w.message })),
          ),
        )
      : el('p', { class: 'muted', text: 'None.' }),
  );

  sections.push(
    el('h3', { text: 'What the rollback changes' }),
    el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        { class: 'fields stack', id: 'plan-fields' },
        el('caption', { class: 'sr-only', text: 'Each field: rolled back, kept or erased; its value now and after the rollback' }),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Field' }), el('th', { scope: 'col', text: 'Now → after the rollback' }))),
        el(
          'tbody',
          {},
          plan.fields.map((f) =>
            el(
              'tr',
              { class: ['field-row', `disp-${f.disposition}`, f.changes ? 'changes' : 'same'], 'data-field': f.field },
              el(
                'th',
                { scope: 'row' },
                el('span', { class: 'field-name', text: FIELD_TITLES[f.field] ?? f.field }),
                el('span', { class: ['disp', `disp-badge-${f.disposition}`], text: dispositionTitle(f.disposition, plan) }),
              ),
              el(
                'td',
                { class: 'values', 'data-label': 'Now → after' },
                f.changes
                  ? [
                      el('span', { class: 'val-current', text: fmtValue(f.field, f.current) }),
                      el('span', { class: 'val-target' }, el('span', { class: 'arrow', 'aria-label': 'becomes', text: '→ ' }), fmtValue(f.field, f.target)),
                    ]
                  : [el('span', { class: 'val-same', text: fmtValue(f.field, f.current) }), el('span', { class: 'muted', text: ' (no change)' })],
              ),
            ),
          ),
        ),
      ),
    ),
  );

  const dg = plan.downgrade;
  const erasureNote = dg?.metadataErasure === 'likely'
    ? 'Metadata of features the older Runtime lacks is likely to be erased, and what is erased cannot be recovered.'
    : 'Metadata of features the older Runtime lacks may be erased, and what is erased cannot be recovered.';
  sections.push(
    el('h3', { text: 'Runtime' }),
    dg
      ? el(
          'div',
          { class: ['downgrade-card', `erasure-${dg.metadataErasure}`], id: 'downgrade' },
          el('p', { class: 'downgrade-title' }, 'Downgrade ', el('code', { text: dg.from }), ' → ', el('code', { text: dg.to })),
          el(
            'dl',
            { class: 'kv' },
            el('dt', { text: 'Kind' }),
            el('dd', { 'data-kind': dg.kind, text: DOWNGRADE_KINDS[dg.kind] ?? dg.kind }),
            el('dt', { text: 'Metadata erasure' }),
            el('dd', { 'data-erasure': dg.metadataErasure, text: ERASURE[dg.metadataErasure] ?? dg.metadataErasure }),
          ),
          el('p', { class: 'downgrade-note', text: erasureNote }),
        )
      : el('p', { class: 'muted', id: 'downgrade', text: 'No downgrade: the target runs the same or a newer Runtime.' }),
  );

  const tasks = new Map((state.scenario.runningTasks ?? []).map((t) => [t.id, t]));
  sections.push(
    el('h3', { text: 'Running tasks' }),
    plan.runningTasks.length
      ? el(
          'ul',
          { class: 'task-list', id: 'plan-tasks' },
          plan.runningTasks.map((t) => {
            const task = tasks.get(t.id);
            const retries = task && typeof task.retriesLeft === 'number' ? ` · ${plural(task.retriesLeft, 'retry', 'retries')} left` : '';
            const started = task?.startedAt ? ` · started ${fmtTime(task.startedAt)}` : '';
            return el('li', { class: ['task', `outcome-${t.outcome}`], 'data-outcome': t.outcome }, el('code', { text: t.id }), el('span', { class: 'task-outcome', text: ` ${taskOutcome(t.outcome, grace)}` }), el('span', { class: 'muted', text: `${started}${retries}` }));
          }),
        )
      : el('p', { class: 'muted', text: 'No task is running. Add some under “Change the story”.' }),
  );

  if (plan.agents.length) {
    sections.push(
      el('h3', { text: 'Remote Execution agents' }),
      el(
        'ul',
        { class: 'agent-checks', id: 'plan-agents' },
        plan.agents.map((a) =>
          el(
            'li',
            { class: ['agent-check', `agent-${a.status}`], 'data-status': a.status },
            el('code', { text: a.id }),
            ' runs Runtime ',
            el('code', { text: a.runtimeVersion }),
            el('span', { class: ['badge', a.status === 'compatible' ? 'badge-ok' : 'badge-bad'], text: a.status === 'compatible' ? '✓ compatible' : '✕ incompatible' }),
          ),
        ),
      ),
    );
  }

  sections.push(
    el('h3', { text: 'Steps, in order' }),
    plan.steps.length
      ? el('ol', { class: 'steps', id: 'plan-steps' }, plan.steps.map((step) => el('li', { text: step })))
      : el('p', { class: 'muted', text: 'None: the rollback cannot be done as things stand.' }),
  );

  const n = plan.newEntry;
  sections.push(
    el('h3', { text: 'The new history entry' }),
    n
      ? el(
          'dl',
          { class: 'kv new-entry', id: 'plan-new-entry' },
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

  fill(ui.planDetails, sections);
}

/** The slider runs hourly from the newest deploy to two weeks after the last window closes. */
function nowRange() {
  const s = state.scenario;
  const nowMs = Date.parse(s.now);
  let newest = -Infinity;
  for (const h of historyOf(s)) newest = Math.max(newest, Date.parse(h.createdAt));
  const origin = Number.isFinite(newest) ? Math.ceil(newest / HOUR) * HOUR : Math.floor(nowMs / HOUR) * HOUR - 30 * DAY;
  let end = origin + 30 * DAY;
  for (const e of state.eligibility.entries) if (e.windowClosesAt) end = Math.max(end, Date.parse(e.windowClosesAt));
  end += 14 * DAY;
  const max = Math.max(1, Math.ceil((Math.max(end, nowMs) - origin) / HOUR));
  return { origin, max, value: Math.max(0, Math.min(max, Math.round((nowMs - origin) / HOUR))) };
}

function renderNowControls() {
  const s = state.scenario;
  if (document.activeElement !== ui.nowInput) ui.nowInput.value = inputFromIso(s.now);
  const { max, value } = nowRange();
  ui.nowRange.max = String(max);
  ui.nowRange.value = String(value);
  ui.nowRange.setAttribute('aria-valuetext', `${fmtTime(s.now)} UTC`);
}

function renderTimelineView() {
  const first = state.page * PAGE_SIZE;
  const shown = state.sorted.slice(first, first + PAGE_SIZE);
  renderTimeline(ui.timeline, {
    history: shown,
    eligibility: state.eligById,
    now: state.scenario.now,
    target: state.target,
    retentionDays: state.options.retentionDays,
    onPick: pick,
  });
  ui.timelinePage.textContent = pageCount() > 1 ? `The lanes show the deploys of the history page above (${shown.length} of ${state.sorted.length.toLocaleString('en')}).` : '';
}

let jsonJob = 0;
function renderJson() {
  if (state.jsonDirty) {
    ui.jsonState.textContent = 'Edited: not applied yet. The story has changed since you started editing: applying replaces it with your text.';
    return;
  }
  const fillNow = () => {
    jsonJob = 0;
    if (state.jsonDirty) return;
    ui.json.value = JSON.stringify(state.scenario, null, 2);
    ui.jsonState.textContent = 'Shows the current scenario.';
  };
  if (jsonJob) cancelIdle(jsonJob);
  jsonJob = 0;
  if (historyOf(state.scenario).length > BIG_HISTORY) {
    // A long history's JSON is megabytes: write it when the browser has nothing else to do.
    ui.jsonState.textContent = 'Writing the scenario…';
    jsonJob = idle(fillNow);
  } else {
    fillNow();
  }
}
const idle = (fn) => (window.requestIdleCallback ? requestIdleCallback(fn, { timeout: 1500 }) : setTimeout(fn, 50));
const cancelIdle = (id) => (window.cancelIdleCallback ? cancelIdleCallback(id) : clearTimeout(id));

/** Puts the current Deployment's values into the story forms. */
function syncForms() {
  const s = state.scenario;
  const d = s.deployment;
  ui.settingsExecutor.value = d.executor ?? '';
  ui.settingsScheduler.value = d.schedulerSize ?? '';
  fill(ui.envKeys, (d.envVars ?? []).map((v) => el('option', { value: v.key })));
  const agents = d.remoteExecution?.agents ?? [];
  fill(ui.agentIds, agents.map((a) => el('option', { value: a.id })));
  fill(
    ui.agentList,
    agents.length
      ? agents.map((a) => {
          let runtime = '?';
          try {
            runtime = engine.parseAgentImage(a.image).runtimeVersion;
          } catch {
            runtime = 'unreadable image';
          }
          return el('li', {}, el('code', { text: a.id }), ` on Runtime ${runtime}`, el('span', { class: 'agent-image', text: a.image }));
        })
      : el('li', { class: 'muted', text: d.remoteExecution?.enabled ? 'Remote Execution is on, without agents.' : 'Remote Execution is off.' }),
  );
  if (!ui.agentId.value && agents.length) ui.agentId.value = agents[0].id;
  const current = currentEntry();
  ui.deployRuntime.placeholder = current?.runtimeVersion ? `${current.runtimeVersion} (current)` : 'e.g. 12.4.0';
  fill(ui.tasksRows, (s.runningTasks ?? []).map((t) => taskRow(t)));
  if (!(s.runningTasks ?? []).length) ui.tasksRows.append(taskRow(null));
  // Profile and actor.
  ui.whoProfile.value = s.profile ?? 'astroHosted';
  ui.whoActor.value = s.actor?.id ?? '';
  for (const box of $$('input[name="who-role"]')) box.checked = (s.actor?.roles ?? []).includes(box.value);
  for (const box of $$('input[name="who-permission"]')) box.checked = (s.actor?.permissions ?? []).includes(box.value);
  ui.whoRollback.value = d.rollbackEnabled === true ? 'on' : d.rollbackEnabled === false ? 'off' : '';
  ui.whoMechanism.value = d.deployMechanism ?? 'image';
}

let taskSeq = 0;
function taskRow(task) {
  taskSeq += 1;
  const n = taskSeq;
  const timeField = (cls, label, value, hint) =>
    el(
      'div',
      { class: 'field' },
      el('label', { for: `${cls}-${n}`, text: label }),
      el('input', { type: 'text', id: `${cls}-${n}`, class: cls, value, placeholder: 'YYYY-MM-DD HH:MM', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${cls}-hint-${n}` }),
      el('p', { class: 'field-hint', id: `${cls}-hint-${n}`, text: hint }),
    );
  const row = el(
    'fieldset',
    { class: 'task-row' },
    el('legend', { class: 'sr-only', text: task ? `Task ${task.id}` : 'New task' }),
    el('div', { class: 'field' }, el('label', { for: `task-id-${n}`, text: 'Task id' }), el('input', { type: 'text', id: `task-id-${n}`, class: 'task-id', value: task?.id ?? '', placeholder: 'dag.task', autocomplete: 'off', spellcheck: 'false' })),
    el('div', { class: 'field narrow' }, el('label', { for: `task-retries-${n}`, text: 'Retries left' }), el('input', { type: 'number', id: `task-retries-${n}`, class: 'task-retries', min: 0, max: 100, step: 1, value: String(task?.retriesLeft ?? 0) })),
    timeField('task-start', 'Started at (UTC)', task?.startedAt ? inputFromIso(task.startedAt) : '', 'Empty: started at “now”. Earlier than the grace period stages an interruption.'),
    timeField('task-end', 'Expected end (UTC)', task?.expectedEndAt ? inputFromIso(task.expectedEndAt) : '', 'Optional.'),
    el('button', { type: 'button', class: 'task-remove', 'aria-label': task ? `Remove task ${task.id}` : 'Remove this task', text: 'Remove' }),
  );
  row.querySelector('.task-remove').addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    (next?.querySelector('input') ?? ui.taskAdd).focus();
  });
  return row;
}

// ---------------------------------------------------------------------------------------
// Forms

function onRollback(ev) {
  ev.preventDefault();
  // One rollback per click burst: afterwards nothing is picked, so the button is off until
  // the visitor picks again (a double click or an Enter held down cannot roll back twice).
  if (!state.target || !state.plan || state.plan.verdict === 'blocked') return;
  const target = state.target;
  const event = { at: state.scenario.now, kind: 'rollback', to: target };
  if (ui.description.value !== '') event.description = ui.description.value;
  const step = applyEvent(event, `roll back to ${target}`, ui.rollbackStatus, ui.rollbackError, { target: null });
  if (step) {
    const entry = state.byId.get(step.entry);
    say(ui.rollbackStatus, `Rolled back to ${target}. New top entry ${step.entry}${entry ? ` at ${fmtTime(entry.createdAt)}, image ${entry.imageTag ?? 'unknown'}` : ''}. Pick a target to preview another rollback.`);
  }
}

function onDeploy(ev) {
  ev.preventDefault();
  const event = { at: state.scenario.now, kind: 'deploy', type: ui.deployType.value };
  const runtime = ui.deployRuntime.value.trim();
  if (runtime) event.runtimeVersion = runtime;
  if (ui.deployStatus.value !== 'deployed') event.status = ui.deployStatus.value;
  const description = ui.deployDescription.value;
  if (description) event.description = description;
  if (state.scenario.actor?.id) event.author = state.scenario.actor.id;
  const label = `${DEPLOY_TYPES[event.type].toLowerCase()} deploy`;
  const step = applyEvent(event, label, ui.storyStatus, ui.storyError);
  if (step) {
    say(ui.storyStatus, `Deployed: new entry ${step.entry} at ${fmtTime(event.at)}.`);
    ui.deployRuntime.value = '';
    ui.deployDescription.value = '';
  }
}

function onSettings(ev) {
  ev.preventDefault();
  const d = state.scenario.deployment;
  const event = { at: state.scenario.now, kind: 'settings' };
  const changed = [];
  if (ui.settingsExecutor.value && ui.settingsExecutor.value !== d.executor) {
    event.executor = ui.settingsExecutor.value;
    changed.push(`executor ${event.executor}`);
  }
  if (ui.settingsScheduler.value && ui.settingsScheduler.value !== d.schedulerSize) {
    event.schedulerSize = ui.settingsScheduler.value;
    changed.push(`scheduler ${event.schedulerSize}`);
  }
  const key = ui.settingsEnvKey.value.trim();
  if (key) {
    const value = ui.settingsEnvValue.value;
    const vars = (d.envVars ?? []).filter((v) => v.key !== key);
    if (value !== '') {
      const at = (d.envVars ?? []).findIndex((v) => v.key === key);
      const entry = { key, value, isSecret: false };
      if (at >= 0) vars.splice(at, 0, entry);
      else vars.push(entry);
      changed.push(`${key} = ${value}`);
    } else {
      changed.push(`${key} removed`);
    }
    event.envVars = vars;
  }
  if (!changed.length) {
    say(ui.storyStatus, 'Nothing to change: pick another executor or scheduler size, or name an env var.');
    return;
  }
  const step = applyEvent(event, 'settings change', ui.storyStatus, ui.storyError);
  if (step) {
    say(ui.storyStatus, `Settings changed: ${changed.join(', ')}. A rollback keeps them.`);
    ui.settingsEnvKey.value = '';
    ui.settingsEnvValue.value = '';
  }
}

function onAgent(ev) {
  ev.preventDefault();
  const agentId = ui.agentId.value.trim();
  const image = ui.agentImage.value.trim();
  if (!agentId || !image) {
    say(ui.storyStatus, 'Name the agent and its new image.');
    return;
  }
  const step = applyEvent({ at: state.scenario.now, kind: 'agentUpdate', agentId, image }, `agent ${agentId} image`, ui.storyStatus, ui.storyError);
  if (step) {
    say(ui.storyStatus, `Agent ${agentId} now runs ${image}.`);
    ui.agentImage.value = '';
  }
}

function onTasks(ev) {
  ev.preventDefault();
  hideError(ui.storyError);
  const runningTasks = [];
  for (const row of $$('.task-row', ui.tasksRows)) {
    const id = $('.task-id', row).value.trim();
    if (!id) continue;
    const task = { id, startedAt: state.scenario.now, retriesLeft: Math.max(0, Math.floor(Number($('.task-retries', row).value) || 0)) };
    for (const [cls, key, what] of [['.task-start', 'startedAt', 'start'], ['.task-end', 'expectedEndAt', 'expected end']]) {
      const text = $(cls, row).value.trim();
      if (!text) continue;
      const iso = isoFromInput(text);
      if (!iso) {
        showError(ui.storyError, new Error(`The ${what} of ${id}, “${text}”, is not a date and time: write it as YYYY-MM-DD HH:MM (UTC).`), 'Not a moment');
        fill(ui.storyStatus);
        return;
      }
      task[key] = iso;
    }
    runningTasks.push(task);
  }
  const step = applyEvent({ at: state.scenario.now, kind: 'tasks', runningTasks }, 'running tasks', ui.storyStatus, ui.storyError);
  if (step) say(ui.storyStatus, runningTasks.length ? `${plural(runningTasks.length, 'task')} running.` : 'No task is running.');
}

/** Profile, actor and the Private Cloud Deployment switches: not events, a change of the story itself. */
function onWho(ev) {
  ev.preventDefault();
  hideError(ui.storyError);
  const s = state.scenario;
  const id = ui.whoActor.value.trim();
  const roles = $$('input[name="who-role"]:checked').map((b) => b.value);
  const permissions = $$('input[name="who-permission"]:checked').map((b) => b.value);
  const rollbackEnabled = ui.whoRollback.value === 'on' ? true : ui.whoRollback.value === 'off' ? false : null;
  const next = {
    ...s,
    profile: ui.whoProfile.value,
    actor: id ? { id, roles, permissions } : null,
    deployment: { ...s.deployment, rollbackEnabled, deployMechanism: ui.whoMechanism.value },
  };
  try {
    commit(next, { label: 'profile and actor' });
  } catch (error) {
    showError(ui.storyError, error);
    return;
  }
  const who = id ? `${id}${roles.length ? ` (${roles.join(', ')})` : ''}${permissions.length ? ` with ${permissions.join(', ')}` : ''}` : 'nobody named: permissions are not checked';
  say(ui.storyStatus, `${PROFILES[next.profile]}; actor ${who}.`);
}

function onNowInput() {
  const iso = isoFromInput(ui.nowInput.value);
  if (!iso) {
    showError(ui.nowError, new Error('Write a date and a time in UTC, 24-hour: YYYY-MM-DD HH:MM.'), 'Not a moment');
    return;
  }
  if (iso !== state.scenario.now) setNow(iso);
  else hideError(ui.nowError);
}

function onNowRange() {
  const { origin } = nowRange();
  setNow(isoFromMs(origin + Number(ui.nowRange.value) * HOUR));
}

function setImportNow(iso, hint) {
  ui.apiNow.value = inputFromIso(iso);
  ui.apiNowHint.textContent = hint;
}

const CURRENT_TIME_HINT = 'The current time when the page opened, in UTC. The engine never reads a clock: set an earlier time to see the history as it was then.';

async function onImport(ev) {
  ev.preventDefault();
  hideError(ui.importError);
  const now = isoFromInput(ui.apiNow.value);
  if (!now) {
    showError(ui.importError, new Error('Write “now” as YYYY-MM-DD HH:MM (UTC): the engine never reads a clock.'), 'Missing “now”');
    return;
  }
  let scenario;
  try {
    scenario = engine.fromAstroApi(ui.apiDeployment.value, ui.apiDeploys.value, now);
    engine.checkEligibility(scenario);
  } catch (error) {
    showError(ui.importError, error);
    return;
  }
  if (!(await mayDropEdits('Importing replaces the story'))) return;
  try {
    loadStory({ title: `Imported: ${scenario.deployment.name}`, summary: `${plural(historyOf(scenario).length, 'deploy')} imported from the Astro API, now at ${fmtTime(now)}.`, scenario, file: null });
  } catch (error) {
    showError(ui.importError, error);
    return;
  }
  $('#history-h').scrollIntoView({ block: 'start' });
}

async function onSample() {
  hideError(ui.importError);
  try {
    const [dep, deploys] = await Promise.all(['presets/api/deployment.json', 'presets/api/deploys.json'].map((p) => fetch(p).then((r) => r.text())));
    ui.apiDeployment.value = dep;
    ui.apiDeploys.value = deploys;
    // The sample's deploys are of November 2024: judged today, all but one are out of the window.
    setImportNow('2024-11-21T12:00:00Z', 'The sample’s own moment, 12:00 21 Nov 2024 UTC. “Current time” puts today back.');
  } catch (error) {
    showError(ui.importError, error, 'Could not load the sample');
  }
}

function onJsonApply(ev) {
  ev.preventDefault();
  hideError(ui.jsonError);
  const text = ui.json.value;
  try {
    // The engine reads the text itself first: its error names the line, or the field's path.
    prepare(text).prepared.free();
    commit(JSON.parse(text), { label: 'JSON edit' });
  } catch (error) {
    showError(ui.jsonError, error);
    return;
  }
  ui.jsonState.textContent = 'Applied.';
}

function readFileInto(input, textarea) {
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    textarea.value = await file.text();
  });
}

// ---------------------------------------------------------------------------------------
// Start

async function loadPresetList() {
  const res = await fetch('presets/index.json');
  const { presets } = await res.json();
  fill(
    ui.presetButtons,
    presets.map((p) =>
      el('button', {
        type: 'button',
        class: 'preset',
        'data-file': p.file,
        'aria-pressed': String(state.story?.file === p.file),
        text: p.label,
        on: { click: () => loadPreset(p.file) },
      }),
    ),
  );
}

async function fetchPreset(file) {
  const res = await fetch(`presets/${encodeURIComponent(file)}`);
  if (!res.ok) throw new Error(`presets/${file}: ${res.status} ${res.statusText}`);
  return { ...(await res.json()), file };
}

async function loadPreset(file) {
  hideError(ui.presetError);
  let preset;
  try {
    preset = await fetchPreset(file);
  } catch (error) {
    showError(ui.presetError, error, `Could not load the story ${file}`);
    return;
  }
  if (!(await mayDropEdits(`Loading the story “${preset.title}” replaces the scenario`))) return;
  try {
    loadStory(preset);
  } catch (error) {
    showError(ui.presetError, error, `Could not load the story ${file}`);
  }
}

function bind() {
  const ids = {
    engineVersion: 'engine-version', presetButtons: 'preset-buttons', presetError: 'preset-error', storyTitle: 'story-title', storyText: 'story-text',
    shareNote: 'share-note', fatal: 'fatal', meta: 'deployment-meta', historyBody: 'history-body', pager: 'history-pager', pageInfo: 'page-info',
    pageNewer: 'page-newer', pageOlder: 'page-older', planTarget: 'plan-target', planHead: 'plan-head', planDetails: 'plan-details',
    description: 'rollback-description', descriptionLimit: 'description-limit', counter: 'description-count', rollbackButton: 'rollback-button',
    rollbackHint: 'rollback-hint', undo: 'undo-button', reset: 'reset-button', rollbackStatus: 'rollback-status', rollbackError: 'rollback-error',
    nowInput: 'now-input', nowRange: 'now-range', nowError: 'now-error', timeline: 'timeline', timelinePage: 'timeline-page',
    storyStatus: 'story-status', storyError: 'story-error', deployType: 'deploy-type', deployRuntime: 'deploy-runtime', deployStatus: 'deploy-status',
    deployDescription: 'deploy-description', settingsExecutor: 'settings-executor', settingsScheduler: 'settings-scheduler', settingsEnvKey: 'settings-env-key',
    settingsEnvValue: 'settings-env-value', envKeys: 'env-keys', agentList: 'agent-list', agentId: 'agent-id', agentIds: 'agent-ids', agentImage: 'agent-image',
    tasksRows: 'tasks-rows', taskAdd: 'task-add', whoProfile: 'who-profile', whoActor: 'who-actor', whoRoles: 'who-roles', whoPermissions: 'who-permissions',
    whoRollback: 'who-rollback', whoMechanism: 'who-mechanism', apiDeployment: 'api-deployment', apiDeploys: 'api-deploys', apiNow: 'api-now',
    apiNowHint: 'api-now-hint', importError: 'import-error', json: 'scenario-json', jsonState: 'json-state', jsonError: 'json-error',
    dropDialog: 'drop-dialog', dropText: 'drop-text',
  };
  for (const [key, id] of Object.entries(ids)) ui[key] = document.getElementById(id);

  $('#rollback-form').addEventListener('submit', onRollback);
  ui.undo.addEventListener('click', undo);
  ui.reset.addEventListener('click', reset);
  ui.description.addEventListener('input', () => {
    updateCounter();
    renderPlanOnly();
    scheduleHash(300);
  });
  // One listener for the whole table: rows come and go with pages and changes.
  ui.historyBody.addEventListener('change', (ev) => {
    if (ev.target.matches('input[name="target"]')) pick(ev.target.value);
  });
  ui.historyBody.addEventListener('click', (ev) => {
    if (ev.target.closest('input, a, button, label')) return;
    const tr = ev.target.closest('tr[data-id]');
    if (tr) pick(tr.dataset.id);
  });
  ui.pageNewer.addEventListener('click', () => turnPage(-1));
  ui.pageOlder.addEventListener('click', () => turnPage(1));
  ui.nowInput.addEventListener('change', onNowInput);
  ui.nowInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') onNowInput();
  });
  ui.nowRange.addEventListener('input', onNowRange);
  $('#deploy-form').addEventListener('submit', onDeploy);
  $('#settings-form').addEventListener('submit', onSettings);
  $('#agent-form').addEventListener('submit', onAgent);
  $('#tasks-form').addEventListener('submit', onTasks);
  $('#who-form').addEventListener('submit', onWho);
  fill(ui.whoRoles, ROLES.map((r) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'who-role', value: r }), ` ${r}`)));
  fill(ui.whoPermissions, PERMISSIONS.map((p) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'who-permission', value: p }), ' ', el('code', { text: p }))));
  ui.taskAdd.addEventListener('click', () => {
    const row = taskRow(null);
    ui.tasksRows.append(row);
    $('.task-id', row).focus();
  });
  $('#import-form').addEventListener('submit', onImport);
  $('#api-sample').addEventListener('click', onSample);
  $('#api-now-current').addEventListener('click', () => setImportNow(nowToTheMinute(), CURRENT_TIME_HINT.replace('when the page opened', 'now')));
  setImportNow(nowToTheMinute(), CURRENT_TIME_HINT);
  readFileInto($('#api-deployment-file'), ui.apiDeployment);
  readFileInto($('#api-deploys-file'), ui.apiDeploys);
  $('#json-form').addEventListener('submit', onJsonApply);
  ui.json.addEventListener('input', () => {
    state.jsonDirty = true;
    ui.jsonState.textContent = 'Edited: not applied yet.';
  });
  $('#json-revert').addEventListener('click', () => {
    state.jsonDirty = false;
    hideError(ui.jsonError);
    renderJson();
  });
  $('#drop-yes').addEventListener('click', () => answerDrop(true));
  $('#drop-no').addEventListener('click', () => answerDrop(false));
  ui.dropDialog.addEventListener('cancel', (ev) => {
    ev.preventDefault();
    answerDrop(false);
  });
  window.addEventListener('beforeunload', (ev) => {
    if (state.jsonDirty) ev.preventDefault();
  });
  window.addEventListener('hashchange', onHashChange);
  let width = ui.timeline.clientWidth;
  new ResizeObserver(() => {
    if (!state.scenario || ui.timeline.clientWidth === width) return;
    width = ui.timeline.clientWidth;
    keepFocus(renderTimelineView);
  }).observe(ui.timeline);
}

function fatal(error) {
  const box = document.getElementById('fatal');
  if (box) showError(box, error, 'Something went wrong');
}

async function main() {
  bind();
  const presets = loadPresetList().catch((error) => showError(ui.presetError, error, 'Could not load the list of stories'));
  performance.mark('init-start');
  await init();
  performance.mark('init-end');
  ui.engineVersion.textContent = `v${engine.engineVersion()}`;
  const fromLink = await loadFromHash();
  if (fromLink !== true) {
    loadStory({
      title: "8 November 2023: the documentation's example",
      summary: 'Deploys on 1, 6 and 7 November; at 13:00 on 8 November the 7 November deploy misbehaves and you roll back to the deploy of 6 November at 14:00.',
      scenario: engine.exampleScenario(),
      target: 'd2',
      description: '',
      file: 'november-8.json',
    });
    if (fromLink.error) showError(ui.presetError, fromLink.error, fromLink.lead);
  }
  document.documentElement.dataset.ready = 'true';
  performance.mark('ready');
  await presets;
  for (const b of $$('#preset-buttons button')) b.setAttribute('aria-pressed', String(b.dataset.file === state.story.file));
  document.documentElement.dataset.presets = 'true';
}

window.addEventListener('error', (ev) => fatal(ev.error ?? ev.message));
window.addEventListener('unhandledrejection', (ev) => fatal(ev.reason));
main().catch(fatal);
