// The demo's controller: one scenario (always valid for the engine), the picked target, an
// undo stack, and views that are re-rendered from them. Every rule comes from the engine
// (pkg/); this file only asks it and draws the answers.

import init, * as engine from '../pkg/deploy_rollback.js';
import { el, fill, $, $$, showError, hideError } from './dom.js';
import {
  fmtTime, isoFromMs, isoFromLocalInput, localInputFromIso, plural,
  DEPLOY_TYPES, STATUSES, PROFILES, VERDICTS, REASON_TITLES, WARNING_TITLES, FIELD_TITLES,
  DISPOSITIONS, DOWNGRADE_KINDS, ERASURE, titleOf, taskOutcome, fmtValue,
} from './format.js';
import { renderTimeline } from './timeline.js';

const HOUR = 3600000;
const DAY = 24 * HOUR;

const state = {
  /** The scenario as the engine reads it; every committed value passed checkEligibility. */
  scenario: null,
  /** The loaded story (preset, import or the built-in example), for Reset. */
  story: null,
  /** Snapshots before each change: { scenario, target, label }. */
  undo: [],
  target: null,
  eligibility: null,
  plan: null,
  planError: null,
  /** The id of the entry the last change added, highlighted in the table. */
  fresh: null,
  jsonDirty: false,
};

const ui = {};

// ---------------------------------------------------------------------------------------
// State changes

/** A scenario's history: optional in the engine's input. */
const historyOf = (scenario) => scenario.history ?? [];

function defaultTarget(eligibility) {
  const entries = eligibility.entries;
  return (
    entries.find((e) => e.eligible && !e.isCurrent) ??
    entries.find((e) => !e.isCurrent) ??
    entries[0]
  )?.id ?? null;
}

/** Loads a whole new story: a preset, an import or the built-in example. Throws engine errors. */
function loadStory(story) {
  const eligibility = engine.checkEligibility(story.scenario);
  state.story = structuredClone(story);
  state.scenario = structuredClone(story.scenario);
  state.eligibility = eligibility;
  state.undo = [];
  state.fresh = null;
  state.jsonDirty = false;
  const ids = new Set(eligibility.entries.map((e) => e.id));
  state.target = story.target && ids.has(story.target) ? story.target : defaultTarget(eligibility);
  ui.description.value = story.description ?? '';
  updateCounter();
  fill(ui.rollbackStatus);
  fill(ui.storyStatus);
  for (const box of [ui.storyError, ui.nowError, ui.jsonError, ui.rollbackError]) hideError(box);
  fill(ui.storyTitle, story.title);
  fill(ui.storyText, story.summary ?? '');
  for (const b of $$('#preset-buttons button')) b.setAttribute('aria-pressed', String(b.dataset.file === story.file));
  syncForms();
  render();
}

/** Replaces the scenario with `next` (validated here; throws engine errors). */
function commit(next, { label, fresh = null, keepTarget = true } = {}) {
  const eligibility = engine.checkEligibility(next);
  const before = { scenario: state.scenario, target: state.target, eligibility: state.eligibility, jsonDirty: state.jsonDirty };
  state.undo.push({ scenario: state.scenario, target: state.target, label });
  state.scenario = next;
  state.eligibility = eligibility;
  state.fresh = fresh;
  state.jsonDirty = false;
  const ids = new Set(eligibility.entries.map((e) => e.id));
  if (!keepTarget || !ids.has(state.target)) state.target = defaultTarget(eligibility);
  try {
    syncForms();
    render();
  } catch (error) {
    // Never leave the page half-drawn on a scenario it cannot show: go back to the last one.
    state.undo.pop();
    Object.assign(state, before);
    syncForms();
    render();
    throw error;
  }
}

function undo() {
  const last = state.undo.pop();
  if (!last) return;
  // "Now" is a view on the story, not a change to it: it stays where the visitor put it.
  let restored = { ...last.scenario, now: state.scenario.now };
  try {
    engine.checkEligibility(restored);
  } catch {
    restored = last.scenario;
  }
  state.scenario = restored;
  state.eligibility = engine.checkEligibility(restored);
  state.target = last.target;
  state.fresh = null;
  state.jsonDirty = false;
  syncForms();
  render();
  say(ui.rollbackStatus, `Undone: ${last.label}.`);
}

function reset() {
  loadStory(state.story);
  say(ui.rollbackStatus, 'Reset to the start of the story.');
}

function setTarget(id) {
  if (id === state.target) return;
  state.target = id;
  fill(ui.rollbackStatus);
  render();
}

/** Moves "now"; returns false (and shows the engine's error) when the engine refuses it. */
function setNow(iso) {
  const next = { ...state.scenario, now: iso };
  try {
    engine.checkEligibility(next);
  } catch (error) {
    showError(ui.nowError, error, 'The engine refused this “now”');
    return false;
  }
  hideError(ui.nowError);
  state.scenario = next;
  render();
  return true;
}

/**
 * Runs one event at "now" through the engine's simulation. Applied: the simulated history and
 * Deployment become the scenario (undoable). Rejected: the reasons are shown and nothing changes.
 */
function applyEvent(event, label, statusBox, errorBox, { keepTarget = true } = {}) {
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
    commit(next, { label, fresh: step.entry, keepTarget });
  } catch (error) {
    showError(errorBox, error);
    return null;
  }
  return step;
}

function updateCounter() {
  ui.counter.textContent = `${ui.description.value.length} / 500`;
}

function say(box, text) {
  fill(box, el('p', { class: 'ok', text }));
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
    state.plan = engine.planRollback(state.scenario, state.target, ui.description.value === '' ? null : ui.description.value);
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
  state.eligibility = engine.checkEligibility(state.scenario);
  computePlan();
  keepFocus(() => {
    renderMeta();
    renderHistory();
    renderPlan();
    renderNowControls();
    renderTimelineView();
  });
  renderJson();
  ui.undo.disabled = state.undo.length === 0;
  ui.undo.textContent = state.undo.length ? `Undo: ${state.undo[state.undo.length - 1].label}` : 'Undo';
}

function renderMeta() {
  const s = state.scenario;
  const d = s.deployment;
  const current = state.eligibility.entries.find((e) => e.isCurrent);
  const currentEntry = current ? s.history.find((h) => h.id === current.id) : null;
  fill(
    ui.meta,
    el('span', { class: 'meta-item' }, el('strong', { text: d.name })),
    el('span', { class: 'meta-item', text: PROFILES[s.profile ?? 'astroHosted'] ?? s.profile }),
    el('span', { class: 'meta-item', text: `Runtime ${currentEntry ? currentEntry.runtimeVersion : d.runtimeVersion ?? '—'}` }),
    d.executor ? el('span', { class: 'meta-item', text: `${d.executor.toLowerCase()} executor` }) : null,
    el('span', { class: 'meta-item' }, 'now ', el('time', { datetime: s.now, id: 'now-text', text: fmtTime(s.now) })),
  );
}

function renderHistory() {
  const byId = new Map(state.eligibility.entries.map((e) => [e.id, e]));
  const history = sortedHistory();
  const rows = history.map((h) => {
    const e = byId.get(h.id);
    const picked = h.id === state.target;
    const radioId = `target-${h.id}`;
    const badges = [];
    if (e && e.isCurrent) badges.push(el('span', { class: 'badge badge-current', text: 'current' }));
    if (h.status !== 'deployed') badges.push(el('span', { class: 'badge badge-failed', text: STATUSES[h.status] ?? h.status }));
    const eligMark = e && e.eligible
      ? [el('span', { class: 'elig-word', text: '✓ eligible' })]
      : [el('span', { class: 'elig-word', text: '✕ not eligible' }), ...(e ? e.reasons : []).map((r) => el('span', { class: 'elig-reason', text: titleOf(r.code, REASON_TITLES) }))];
    const tr = el(
      'tr',
      {
        class: ['history-row', picked ? 'is-picked' : '', e && !e.eligible ? 'is-ineligible' : '', h.id === state.fresh ? 'is-fresh' : ''],
        'data-id': h.id,
      },
      el(
        'td',
        { class: 'cell-target', 'data-label': 'Target' },
        el('input', {
          type: 'radio',
          name: 'target',
          id: radioId,
          value: h.id,
          checked: picked,
          'data-key': `radio:${h.id}`,
          'aria-describedby': `elig-${h.id}`,
          on: { change: () => setTarget(h.id) },
        }),
        el('label', { for: radioId, class: 'sr-only', text: `Roll back to ${h.id}, deployed ${fmtTime(h.createdAt)}` }),
        el(
          'span',
          { class: ['elig', e && e.eligible ? 'elig-ok' : 'elig-no'], id: `elig-${h.id}`, title: e && !e.eligible ? e.reasons.map((r) => r.message).join('\n') : null },
          eligMark,
        ),
      ),
      el('td', { class: 'cell-time', 'data-label': 'Time (UTC)' }, el('time', { datetime: h.createdAt, text: fmtTime(h.createdAt) }), badges.length ? el('span', { class: 'badges' }, badges) : null),
      el('td', { class: 'cell-author', 'data-label': 'Author', text: h.author ?? '—' }),
      el(
        'td',
        { class: 'cell-type', 'data-label': 'Type' },
        el('span', { class: 'type-name', text: DEPLOY_TYPES[h.type] ?? h.type }),
        h.rollbackOf ? el('span', { class: 'type-of', text: `to ${h.rollbackOf}` }) : null,
      ),
      el('td', { class: 'cell-image', 'data-label': 'Image tag' }, el('code', { text: h.imageTag })),
      el('td', { class: 'cell-bundle', 'data-label': 'Dag bundle version' }, h.dagBundleVersion ? el('code', { text: h.dagBundleVersion }) : '—'),
      el('td', { class: 'cell-runtime', 'data-label': 'Runtime' }, el('code', { text: h.runtimeVersion })),
      el('td', { class: 'cell-description', 'data-label': 'Description', text: h.description ?? '' }),
    );
    tr.addEventListener('click', (ev) => {
      if (ev.target.closest('input, a, button, label')) return;
      setTarget(h.id);
    });
    return tr;
  });
  if (!rows.length) {
    rows.push(el('tr', {}, el('td', { colspan: 8, class: 'empty', text: 'No deploy in the history yet. Add one under “Change the story”.' })));
  }
  fill(ui.historyBody, rows);
  state.fresh = null; // highlighted once, not on every redraw
}

/** The history newest first, in the engine's order. */
function sortedHistory() {
  const order = new Map(state.eligibility.entries.map((e, i) => [e.id, i]));
  return [...historyOf(state.scenario)].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

function renderPlan() {
  const plan = state.plan;
  const target = historyOf(state.scenario).find((h) => h.id === state.target);
  ui.rollbackButton.textContent = target ? `Roll back to ${target.id}` : 'Roll back';
  ui.rollbackButton.disabled = !target;
  fill(
    ui.planTarget,
    target
      ? ['Target: ', el('strong', { text: target.id }), ` · deployed ${fmtTime(target.createdAt)} · Runtime `, el('code', { text: target.runtimeVersion })]
      : 'Pick a target in the Deploy History.',
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

  const verdict = VERDICTS[plan.verdict] ?? { title: plan.verdict, text: '' };
  fill(
    ui.planHead,
    el(
      'div',
      { class: ['verdict', `verdict-${plan.verdict}`], id: 'verdict', 'data-verdict': plan.verdict },
      el('span', { class: 'verdict-icon', 'aria-hidden': 'true', text: plan.verdict === 'allowed' ? '✓' : plan.verdict === 'blocked' ? '✕' : '!' }),
      el('div', {}, el('p', { class: 'verdict-title', text: verdict.title }), el('p', { class: 'verdict-text', text: verdict.text })),
    ),
    plan.reasons.length
      ? el(
          'ul',
          { class: 'reason-list', id: 'plan-reasons', 'aria-label': 'Why' },
          plan.reasons.map((r) => el('li', { 'data-code': r.code }, el('strong', { text: `${titleOf(r.code, REASON_TITLES)}: ` }), r.message)),
        )
      : null,
  );

  const grace = state.scenario.options?.taskGracePeriodHours ?? 24;
  const sections = [];

  sections.push(
    el('h3', { text: plan.warnings.length ? `Warnings (${plan.warnings.length})` : 'Warnings' }),
    plan.warnings.length
      ? el(
          'ul',
          { class: 'warning-list', id: 'plan-warnings' },
          plan.warnings.map((w) =>
            el('li', { class: ['warning', `warning-${w.code}`], 'data-code': w.code }, el('strong', { class: 'warning-title', text: titleOf(w.code, WARNING_TITLES) }), el('span', { class: 'warning-text', text: w.message })),
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
                el('span', { class: ['disp', `disp-badge-${f.disposition}`], text: DISPOSITIONS[f.disposition] ?? f.disposition }),
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
          el('p', { class: 'downgrade-note', text: 'Metadata that belongs to features the older Runtime lacks is erased and cannot be recovered.' }),
        )
      : el('p', { class: 'muted', id: 'downgrade', text: 'No downgrade: the target runs the same or a newer Runtime.' }),
  );

  const tasks = state.scenario.runningTasks ?? [];
  sections.push(
    el('h3', { text: 'Running tasks' }),
    plan.runningTasks.length
      ? el(
          'ul',
          { class: 'task-list', id: 'plan-tasks' },
          plan.runningTasks.map((t) => {
            const task = tasks.find((x) => x.id === t.id);
            const retries = task && typeof task.retriesLeft === 'number' ? ` · ${plural(task.retriesLeft, 'retry', 'retries')} left` : '';
            return el('li', { class: ['task', `outcome-${t.outcome}`], 'data-outcome': t.outcome }, el('code', { text: t.id }), el('span', { class: 'task-outcome', text: ` ${taskOutcome(t.outcome, grace)}` }), el('span', { class: 'muted', text: retries }));
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
    el(
      'dl',
      { class: 'kv new-entry', id: 'plan-new-entry' },
      el('dt', { text: 'Time' }),
      el('dd', { text: fmtTime(n.createdAt) }),
      el('dt', { text: 'Image tag' }),
      el('dd', {}, el('code', { text: n.imageTag })),
      el('dt', { text: 'Dag bundle version' }),
      el('dd', {}, n.dagBundleVersion ? el('code', { text: n.dagBundleVersion }) : '—'),
      el('dt', { text: 'Runtime' }),
      el('dd', {}, el('code', { text: n.runtimeVersion })),
      el('dt', { text: 'Description' }),
      el('dd', { text: n.description ?? '(none)' }),
    ),
  );

  fill(ui.planDetails, sections);
}

/** The slider runs hourly from the newest deploy to two weeks after the last window closes. */
function nowRange() {
  const s = state.scenario;
  const nowMs = Date.parse(s.now);
  const newest = Math.max(...historyOf(s).map((h) => Date.parse(h.createdAt)), -Infinity);
  const origin = Number.isFinite(newest) ? Math.ceil(newest / HOUR) * HOUR : Math.floor(nowMs / HOUR) * HOUR - 30 * DAY;
  const closes = state.eligibility.entries.map((e) => (e.windowClosesAt ? Date.parse(e.windowClosesAt) : -Infinity));
  const end = Math.max(...closes, origin + 30 * DAY) + 14 * DAY;
  const max = Math.max(1, Math.ceil((Math.max(end, nowMs) - origin) / HOUR));
  return { origin, max, value: Math.max(0, Math.min(max, Math.round((nowMs - origin) / HOUR))) };
}

function renderNowControls() {
  const s = state.scenario;
  if (document.activeElement !== ui.nowInput) ui.nowInput.value = localInputFromIso(s.now);
  const { max, value } = nowRange();
  ui.nowRange.max = String(max);
  ui.nowRange.value = String(value);
  ui.nowRange.setAttribute('aria-valuetext', `${fmtTime(s.now)} UTC`);
}

function renderTimelineView() {
  const s = state.scenario;
  renderTimeline(ui.timeline, {
    history: sortedHistory(),
    eligibility: state.eligibility,
    now: s.now,
    target: state.target,
    retentionDays: s.options?.retentionDays ?? 90,
    onPick: setTarget,
  });
}

function renderJson() {
  if (state.jsonDirty) return;
  ui.json.value = JSON.stringify(state.scenario, null, 2);
  ui.jsonState.textContent = 'Shows the current scenario.';
}

/** Puts the current Deployment's values into the story forms. */
function syncForms() {
  const d = state.scenario.deployment;
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
  if (!ui.apiNow.value) ui.apiNow.value = localInputFromIso(state.scenario.now);
  const current = historyOf(state.scenario).length ? sortedHistory()[0] : null;
  ui.deployRuntime.placeholder = current ? `${current.runtimeVersion} (current)` : 'e.g. 12.4.0';
  fill(ui.tasksRows, (state.scenario.runningTasks ?? []).map((t) => taskRow(t)));
  if (!(state.scenario.runningTasks ?? []).length) ui.tasksRows.append(taskRow(null));
}

let taskSeq = 0;
function taskRow(task) {
  taskSeq += 1;
  const n = taskSeq;
  const row = el(
    'fieldset',
    { class: 'task-row', 'data-started': task?.startedAt ?? '' },
    el('legend', { class: 'sr-only', text: task ? `Task ${task.id}` : 'New task' }),
    el('div', { class: 'field' }, el('label', { for: `task-id-${n}`, text: 'Task id' }), el('input', { type: 'text', id: `task-id-${n}`, class: 'task-id', value: task?.id ?? '', placeholder: 'dag.task', autocomplete: 'off', spellcheck: 'false' })),
    el('div', { class: 'field narrow' }, el('label', { for: `task-retries-${n}`, text: 'Retries left' }), el('input', { type: 'number', id: `task-retries-${n}`, class: 'task-retries', min: 0, max: 100, step: 1, value: String(task?.retriesLeft ?? 0) })),
    el('div', { class: 'field' }, el('label', { for: `task-end-${n}`, text: 'Expected end (UTC)' }), el('input', { type: 'datetime-local', id: `task-end-${n}`, class: 'task-end', step: 60, value: task?.expectedEndAt ? localInputFromIso(task.expectedEndAt) : '' })),
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
  if (!state.target) return;
  const target = state.target;
  const event = { at: state.scenario.now, kind: 'rollback', to: target };
  if (ui.description.value !== '') event.description = ui.description.value;
  // After a rollback the old target is the running code: preview the next move instead.
  const step = applyEvent(event, `roll back to ${target}`, ui.rollbackStatus, ui.rollbackError, { keepTarget: false });
  if (step) {
    ui.description.value = '';
    updateCounter();
    renderPlanOnly();
    const entry = historyOf(state.scenario).find((h) => h.id === step.entry);
    say(ui.rollbackStatus, `Rolled back to ${target}. New top entry ${step.entry}${entry ? ` at ${fmtTime(entry.createdAt)}, image ${entry.imageTag}` : ''}.`);
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
  const runningTasks = [];
  for (const row of $$('.task-row', ui.tasksRows)) {
    const id = $('.task-id', row).value.trim();
    if (!id) continue;
    const task = { id, startedAt: row.dataset.started || state.scenario.now, retriesLeft: Math.max(0, Math.floor(Number($('.task-retries', row).value) || 0)) };
    const end = $('.task-end', row).value;
    if (end) {
      const iso = isoFromLocalInput(end);
      if (!iso) {
        say(ui.storyStatus, `The expected end of ${id} is not a date and time.`);
        return;
      }
      task.expectedEndAt = iso;
    }
    runningTasks.push(task);
  }
  const step = applyEvent({ at: state.scenario.now, kind: 'tasks', runningTasks }, 'running tasks', ui.storyStatus, ui.storyError);
  if (step) say(ui.storyStatus, runningTasks.length ? `${plural(runningTasks.length, 'task')} running.` : 'No task is running.');
}

function onNowInput() {
  const iso = isoFromLocalInput(ui.nowInput.value);
  if (!iso) {
    showError(ui.nowError, new Error('Enter a date and a time (UTC).'), 'Not a moment');
    return;
  }
  setNow(iso);
}

function onNowRange() {
  const { origin } = nowRange();
  setNow(isoFromMs(origin + Number(ui.nowRange.value) * HOUR));
}

async function onImport(ev) {
  ev.preventDefault();
  hideError(ui.importError);
  const now = isoFromLocalInput(ui.apiNow.value);
  if (!now) {
    showError(ui.importError, new Error('Enter “now” (UTC): the engine never reads a clock.'), 'Missing “now”');
    return;
  }
  let scenario;
  try {
    scenario = engine.fromAstroApi(ui.apiDeployment.value, ui.apiDeploys.value, now);
    loadStory({ title: `Imported: ${scenario.deployment.name}`, summary: `${plural(scenario.history.length, 'deploy')} imported from the Astro API, now at ${fmtTime(now)}.`, scenario, file: null });
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
    ui.apiNow.value = '2024-11-21T12:00';
  } catch (error) {
    showError(ui.importError, error, 'Could not load the sample');
  }
}

function onJsonApply(ev) {
  ev.preventDefault();
  hideError(ui.jsonError);
  const text = ui.json.value;
  let next;
  try {
    engine.checkEligibility(text);
    next = JSON.parse(text);
    commit(next, { label: 'JSON edit' });
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

async function loadPreset(file) {
  hideError(ui.presetError);
  try {
    const res = await fetch(`presets/${encodeURIComponent(file)}`);
    if (!res.ok) throw new Error(`presets/${file}: ${res.status} ${res.statusText}`);
    const preset = await res.json();
    loadStory({ ...preset, file });
  } catch (error) {
    showError(ui.presetError, error, `Could not load the story ${file}`);
  }
}

function bind() {
  const ids = {
    engineVersion: 'engine-version', presetButtons: 'preset-buttons', presetError: 'preset-error', storyTitle: 'story-title', storyText: 'story-text',
    fatal: 'fatal', meta: 'deployment-meta', historyBody: 'history-body', planTarget: 'plan-target', planHead: 'plan-head', planDetails: 'plan-details',
    description: 'rollback-description', counter: 'description-count', rollbackButton: 'rollback-button', undo: 'undo-button', reset: 'reset-button',
    rollbackStatus: 'rollback-status', rollbackError: 'rollback-error', nowInput: 'now-input', nowRange: 'now-range', nowError: 'now-error', timeline: 'timeline',
    storyStatus: 'story-status', storyError: 'story-error', deployType: 'deploy-type', deployRuntime: 'deploy-runtime', deployStatus: 'deploy-status',
    deployDescription: 'deploy-description', settingsExecutor: 'settings-executor', settingsScheduler: 'settings-scheduler', settingsEnvKey: 'settings-env-key',
    settingsEnvValue: 'settings-env-value', envKeys: 'env-keys', agentList: 'agent-list', agentId: 'agent-id', agentIds: 'agent-ids', agentImage: 'agent-image',
    tasksRows: 'tasks-rows', taskAdd: 'task-add', apiDeployment: 'api-deployment', apiDeploys: 'api-deploys', apiNow: 'api-now', importError: 'import-error',
    json: 'scenario-json', jsonState: 'json-state', jsonError: 'json-error',
  };
  for (const [key, id] of Object.entries(ids)) ui[key] = document.getElementById(id);

  $('#rollback-form').addEventListener('submit', onRollback);
  ui.undo.addEventListener('click', undo);
  ui.reset.addEventListener('click', reset);
  ui.description.addEventListener('input', () => {
    updateCounter();
    renderPlanOnly();
  });
  ui.nowInput.addEventListener('change', onNowInput);
  ui.nowRange.addEventListener('input', onNowRange);
  $('#deploy-form').addEventListener('submit', onDeploy);
  $('#settings-form').addEventListener('submit', onSettings);
  $('#agent-form').addEventListener('submit', onAgent);
  $('#tasks-form').addEventListener('submit', onTasks);
  ui.taskAdd.addEventListener('click', () => {
    const row = taskRow(null);
    ui.tasksRows.append(row);
    $('.task-id', row).focus();
  });
  $('#import-form').addEventListener('submit', onImport);
  $('#api-sample').addEventListener('click', onSample);
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
  loadStory({
    title: "8 November 2023: the documentation's example",
    summary: 'Deploys on 1, 6 and 7 November; at 13:00 on 8 November the 7 November deploy misbehaves and you roll back to the deploy of 6 November at 14:00.',
    scenario: engine.exampleScenario(),
    target: 'd2',
    description: '',
    file: 'november-8.json',
  });
  document.documentElement.dataset.ready = 'true';
  performance.mark('ready');
  await presets;
  for (const b of $$('#preset-buttons button')) b.setAttribute('aria-pressed', String(b.dataset.file === state.story.file));
  document.documentElement.dataset.presets = 'true';
}

window.addEventListener('error', (ev) => fatal(ev.error ?? ev.message));
window.addEventListener('unhandledrejection', (ev) => fatal(ev.reason));
main().catch(fatal);
