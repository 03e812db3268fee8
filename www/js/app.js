// The demo's controller: one scenario (always valid for the engine), read once into a
// PreparedScenario; the picked target; an undo stack; and views drawn from them. Every rule
// comes from the engine (pkg/): its answers, its options in force (resolvedOptions) and its
// limits; this file only asks, and hands the answers to the views that draw them.
//
// The Deploy History and the rollback plan are the package's own element,
// <rollback-preview> (pkg/element.js): the page hands it the scenario, the picked target,
// the description and the page of the history, and hears from it when the visitor picks a
// row (targetchange), when its plan changes (planchange: the rollback button follows it) and
// when a page is turned (pagechange: the timeline follows it). The other views own one panel
// each: plan.js the rollback form in the element's plan, timeline.js the retention timeline,
// story.js the "Change the story" forms; share.js keeps the address in step with the story,
// undo.js the undo stack.
//
// What is redrawn when:
// - the scenario changes (a story, a rollback, a deploy, "now"…): everything, once;
// - a target is picked: the plan, two table rows and two timeline lanes, and the address;
// - the description is typed: the plan.
// The history table shows one page of PAGE_SIZE entries, and the timeline the same page, so
// that a history of 10,000 entries draws as fast as one of 50.

import init, * as engine from '../pkg/index.js';
import '../pkg/element.js';
import { el, fill, $, $$, showError, hideError, say } from './dom.js';
import { fmtTime, isoFromMs, isoFromInput, inputFromIso, nowToTheMinute, plural } from './format.js';
import { renderButton, renderDescriptionCount, firstDo } from './plan.js';
import { renderTimeline, markPicked } from './timeline.js';
import { renderStoryEditor, bindStoryEditor, editAgent } from './story.js';
import { readShared, Address } from './share.js';
import { UndoStack } from './undo.js';

const HOUR = 3600000;
const DAY = 24 * HOUR;
/** History rows (and timeline lanes) drawn at once. */
const PAGE_SIZE = 50;
/** Past this many entries the JSON editor is filled when the browser is idle. */
const BIG_HISTORY = 2000;

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
  undo: new UndoStack(),
  target: null,
  /** The plan the element shows for `target` (its planchange), or null. */
  plan: null,
  page: 0,
  /** The JSON editor holds edits not applied yet. */
  jsonDirty: false,
};

const ui = {};
/** The address: the story and the picked target (share.js); made by bind(). */
let address = null;

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
  address.forget();
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
  state.undo.clear();
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
    address.opened(shared);
  } else {
    address.share();
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
  if (target !== 'keep') state.target = target;
  else if (state.target && !state.byId.has(state.target)) state.target = null;
  if (state.target === null) setDescription('');
  state.page = fresh ? pageOf(fresh) : Math.min(state.page, pageCount() - 1);
  syncForms();
  render();
  address.share();
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
  state.page = state.target ? pageOf(state.target) : 0;
  setDescription('');
  // Whatever the status lines said was about the change just undone.
  fill(ui.storyStatus);
  for (const box of [ui.storyError, ui.rollbackError, ui.nowError]) hideError(box);
  syncForms();
  render();
  say(ui.rollbackStatus, `Undone: ${last.label}.`);
  address.share();
}

async function reset() {
  if (!(await mayDropEdits('Reset goes back to the start of the story'))) return;
  loadStory(state.story);
  say(ui.rollbackStatus, 'Reset to the start of the story.');
}

/**
 * Picks a rollback target (or none), from the timeline or from the element (its
 * targetchange): the element plans it and moves its mark; the timeline moves its own.
 */
function pick(id) {
  if (id === state.target) return;
  const old = state.target;
  state.target = id;
  // A description is written for one target.
  setDescription('');
  ui.preview.description = null;
  ui.preview.target = id;
  fill(ui.rollbackStatus);
  hideError(ui.rollbackError);
  markPicked(ui.timeline, old, id);
  // The address follows a moment later: writing a long one costs milliseconds a pick need not wait for.
  address.schedule();
}

/** The element's plan changed: the rollback button follows it. */
function onPlanChange(ev) {
  state.plan = ev.detail.plan;
  renderButton(ui.rollbackForm, { plan: state.plan, target: ev.detail.target });
}

/** The visitor turned a page of the element's history: the timeline shows the same page. */
function onPageChange(ev) {
  state.page = ev.detail.page;
  keepFocus(renderTimelineView);
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
  address.share();
  return true;
}

/**
 * Runs one event at "now" through the engine's simulation. Applied: the simulated history and
 * Deployment become the scenario (undoable). Rejected: the reasons are shown and nothing changes.
 */
function applyEvent(event, label, statusBox, errorBox, { target = 'keep', rejected = null } = {}) {
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
    if (rejected?.(step)) return null;
    fill(
      statusBox,
      el('p', { class: 'rejected' }, el('strong', { text: 'Rejected by the simulation. ' }), 'Nothing changed.'),
      el('ul', { class: 'reason-list' }, step.reasons.map((r) => el('li', { 'data-code': r.code }, el('strong', { text: `${r.title}: ` }), r.message))),
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

/** The description's counter, against the engine's limit. */
function updateCounter() {
  renderDescriptionCount(ui.rollbackForm, state.options?.maxDescriptionChars);
}

// ---------------------------------------------------------------------------------------
// The address: the story and the picked target live in the fragment (share.js), which a
// browser never sends to a server.

/** The scenario is the story's own, untouched: a preset's link names the preset file. */
function isPristine() {
  return !!state.story?.file && state.undo.length === 0 && state.scenario.now === state.story.scenario.now;
}

/**
 * Loads the story the address names: true when it did, false when the address names none,
 * or `{ error, lead }` when its story cannot be read (the page keeps what it shows).
 */
async function loadFromHash() {
  const hash = location.hash.slice(1);
  if (!hash) return false;
  address.last = hash;
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
  if (location.hash.slice(1) === address.last) return;
  if (!(await mayDropEdits('The address now names another story'))) {
    history.replaceState(history.state, '', `#${address.last ?? ''}`);
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

function render() {
  keepFocus(() => {
    renderPreview();
    renderNowControls();
    renderTimelineView();
  });
  renderJson();
  updateCounter();
  state.undo.render(ui.undo);
}

/**
 * Hands the story to the element, which draws the Deploy History and the plan after this
 * task (once, however many properties change) and answers with planchange.
 */
function renderPreview() {
  state.page = Math.max(0, Math.min(state.page, pageCount() - 1));
  const p = ui.preview;
  p.pageSize = PAGE_SIZE;
  p.scenario = state.scenario;
  p.target = state.target;
  p.description = ui.description.value;
  p.page = state.page;
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

/** Puts the current scenario into the story forms. */
function syncForms() {
  renderStoryEditor(ui.storyCard, { scenario: state.scenario, current: currentEntry() });
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
  const step = applyEvent(event, `roll back to ${target}`, ui.rollbackStatus, ui.rollbackError, { target: null, rejected: (s) => sayFirstDo(s, target) });
  if (step) {
    const entry = state.byId.get(step.entry);
    say(ui.rollbackStatus, `Rolled back to ${target}. New top entry ${step.entry}${entry ? ` at ${fmtTime(entry.createdAt)}, image ${entry.imageTag ?? 'unknown'}` : ''}. Pick a target to preview another rollback.`);
  }
}

/**
 * A rollback the simulation turned down only because something must be done first (its
 * reasons all ask for action): says so, with a way to do it here; what to do is the hint
 * above, which follows the plan. False otherwise.
 */
function sayFirstDo(step, target) {
  const n = firstDo(step).length;
  if (n === 0 || n !== step.reasons.length) return false;
  const runtime = state.byId.get(target)?.runtimeVersion;
  const agents = (state.plan?.agents ?? []).filter((a) => a.severity === 'actionRequired');
  fill(
    ui.rollbackStatus,
    el('p', { class: 'first-do' }, el('strong', { text: `Not rolled back yet: ${n === 1 ? 'one thing' : `${n} things`} to do first, as said above.` })),
    agents.length
      ? el(
          'div',
          { class: 'button-row first-do-actions' },
          agents.map((a) => el('button', { type: 'button', 'data-agent': a.id, text: `Update ${a.id}`, on: { click: () => editAgent(ui.storyCard, a.id, runtime) } })),
        )
      : null,
    el('p', { class: 'field-hint', text: 'Then roll back: the plan above follows every change.' }),
  );
  return true;
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
  $('#main').scrollIntoView({ block: 'start' });
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
    shareNote: 'share-note', fatal: 'fatal', preview: 'preview', rollbackForm: 'rollback-form', storyCard: 'story',
    description: 'rollback-description', undo: 'undo-button', reset: 'reset-button', rollbackStatus: 'rollback-status', rollbackError: 'rollback-error',
    nowInput: 'now-input', nowRange: 'now-range', nowError: 'now-error', timeline: 'timeline', timelinePage: 'timeline-page',
    storyStatus: 'story-status', storyError: 'story-error', apiDeployment: 'api-deployment', apiDeploys: 'api-deploys', apiNow: 'api-now',
    apiNowHint: 'api-now-hint', importError: 'import-error', json: 'scenario-json', jsonState: 'json-state', jsonError: 'json-error',
    dropDialog: 'drop-dialog', dropText: 'drop-text',
  };
  for (const [key, id] of Object.entries(ids)) ui[key] = document.getElementById(id);
  address = new Address(ui.shareNote, () => ({
    story: state.story,
    scenario: state.scenario,
    pristine: isPristine(),
    target: state.target,
    description: ui.description.value,
  }));

  $('#rollback-form').addEventListener('submit', onRollback);
  ui.undo.addEventListener('click', undo);
  ui.reset.addEventListener('click', reset);
  ui.description.addEventListener('input', () => {
    updateCounter();
    ui.preview.description = ui.description.value;
    address.schedule(300);
  });
  ui.preview.addEventListener('targetchange', (ev) => pick(ev.detail.target));
  ui.preview.addEventListener('planchange', onPlanChange);
  ui.preview.addEventListener('pagechange', onPageChange);
  $('#skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    ui.preview.focusPlan();
  });
  ui.nowInput.addEventListener('change', onNowInput);
  ui.nowInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') onNowInput();
  });
  ui.nowRange.addEventListener('input', onNowRange);
  bindStoryEditor(ui.storyCard, { scenario: () => state.scenario, apply: applyEvent, commit });
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
