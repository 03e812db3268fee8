// The "Change the story" panel: forms that add a deploy, change the Deployment's settings,
// update a Remote Execution agent's image, set the running tasks (each an event the engine
// simulates at "now"), and set the profile and the actor (a change of the story itself).
// app.js owns the scenario: the panel reads it through `scenario()` and changes it only
// through `apply` and `commit`, which hand it to the engine first.

import * as engine from '../pkg/index.js';
import { el, fill, $, $$, showError, hideError, say } from './dom.js';
import { fmtTime, isoFromInput, inputFromIso, plural, DEPLOY_TYPES, PROFILES } from './format.js';

const ROLES = ['deploymentViewer', 'deploymentEditor', 'deploymentAdmin', 'systemAdmin'];
const PERMISSIONS = ['deployment.images.push', 'deployment.dags.push', 'system.deployments.images.push'];

const IDS = {
  storyStatus: 'story-status', storyError: 'story-error', deployType: 'deploy-type', deployRuntime: 'deploy-runtime', deployStatus: 'deploy-status',
  deployDescription: 'deploy-description', settingsExecutor: 'settings-executor', settingsScheduler: 'settings-scheduler', settingsEnvKey: 'settings-env-key',
  settingsEnvValue: 'settings-env-value', envKeys: 'env-keys', agentList: 'agent-list', agentId: 'agent-id', agentIds: 'agent-ids', agentImage: 'agent-image',
  tasksRows: 'tasks-rows', taskAdd: 'task-add', whoProfile: 'who-profile', whoActor: 'who-actor', whoRoles: 'who-roles', whoPermissions: 'who-permissions',
  whoRollback: 'who-rollback', whoMechanism: 'who-mechanism',
};

const cache = new WeakMap();

/** The card's elements by name (`host` too), looked up once. */
function forms(host) {
  let ui = cache.get(host);
  if (!ui) {
    ui = { host };
    for (const [key, id] of Object.entries(IDS)) ui[key] = host.querySelector(`#${id}`);
    cache.set(host, ui);
  }
  return ui;
}

/**
 * Puts the values of `scenario` into the forms of `host` (the story card): the Deployment's
 * settings, its agents, the running tasks, the profile and the actor. `current` is the
 * current history entry (or null), whose Runtime a new deploy keeps by default.
 */
export function renderStoryEditor(host, { scenario, current }) {
  const ui = forms(host);
  const s = scenario;
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
  ui.deployRuntime.placeholder = current?.runtimeVersion ? `${current.runtimeVersion} (current)` : 'e.g. 12.4.0';
  fill(ui.tasksRows, (s.runningTasks ?? []).map((t) => taskRow(ui, t)));
  if (!(s.runningTasks ?? []).length) ui.tasksRows.append(taskRow(ui, null));
  // Profile and actor.
  ui.whoProfile.value = s.profile ?? 'astroHosted';
  ui.whoActor.value = s.actor?.id ?? '';
  for (const box of $$('input[name="who-role"]', host)) box.checked = (s.actor?.roles ?? []).includes(box.value);
  for (const box of $$('input[name="who-permission"]', host)) box.checked = (s.actor?.permissions ?? []).includes(box.value);
  ui.whoRollback.value = d.rollbackEnabled === true ? 'on' : d.rollbackEnabled === false ? 'off' : '';
  ui.whoMechanism.value = d.deployMechanism ?? 'image';
}

let taskSeq = 0;
function taskRow(ui, task) {
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

function onDeploy(ui, { scenario, apply }, ev) {
  ev.preventDefault();
  const event = { at: scenario().now, kind: 'deploy', type: ui.deployType.value };
  const runtime = ui.deployRuntime.value.trim();
  if (runtime) event.runtimeVersion = runtime;
  if (ui.deployStatus.value !== 'deployed') event.status = ui.deployStatus.value;
  const description = ui.deployDescription.value;
  if (description) event.description = description;
  if (scenario().actor?.id) event.author = scenario().actor.id;
  const label = `${DEPLOY_TYPES[event.type].toLowerCase()} deploy`;
  const step = apply(event, label, ui.storyStatus, ui.storyError);
  if (step) {
    say(ui.storyStatus, `Deployed: new entry ${step.entry} at ${fmtTime(event.at)}.`);
    ui.deployRuntime.value = '';
    ui.deployDescription.value = '';
  }
}

function onSettings(ui, { scenario, apply }, ev) {
  ev.preventDefault();
  const d = scenario().deployment;
  const event = { at: scenario().now, kind: 'settings' };
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
  const step = apply(event, 'settings change', ui.storyStatus, ui.storyError);
  if (step) {
    say(ui.storyStatus, `Settings changed: ${changed.join(', ')}. A rollback keeps them.`);
    ui.settingsEnvKey.value = '';
    ui.settingsEnvValue.value = '';
  }
}

function onAgent(ui, { scenario, apply }, ev) {
  ev.preventDefault();
  const agentId = ui.agentId.value.trim();
  const image = ui.agentImage.value.trim();
  if (!agentId || !image) {
    say(ui.storyStatus, 'Name the agent and its new image.');
    return;
  }
  const step = apply({ at: scenario().now, kind: 'agentUpdate', agentId, image }, `agent ${agentId} image`, ui.storyStatus, ui.storyError);
  if (step) {
    say(ui.storyStatus, `Agent ${agentId} now runs ${image}.`);
    ui.agentImage.value = '';
  }
}

function onTasks(ui, { scenario, apply }, ev) {
  ev.preventDefault();
  hideError(ui.storyError);
  const runningTasks = [];
  for (const row of $$('.task-row', ui.tasksRows)) {
    const id = $('.task-id', row).value.trim();
    if (!id) continue;
    const task = { id, startedAt: scenario().now, retriesLeft: Math.max(0, Math.floor(Number($('.task-retries', row).value) || 0)) };
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
  const step = apply({ at: scenario().now, kind: 'tasks', runningTasks }, 'running tasks', ui.storyStatus, ui.storyError);
  if (step) say(ui.storyStatus, runningTasks.length ? `${plural(runningTasks.length, 'task')} running.` : 'No task is running.');
}

/** Profile, actor and the Private Cloud Deployment switches: not events, a change of the story itself. */
function onWho(ui, { scenario, commit }, ev) {
  ev.preventDefault();
  hideError(ui.storyError);
  const s = scenario();
  const id = ui.whoActor.value.trim();
  const roles = $$('input[name="who-role"]:checked', ui.host).map((b) => b.value);
  const permissions = $$('input[name="who-permission"]:checked', ui.host).map((b) => b.value);
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

/**
 * Opens the agent form of `host` (the story card) on agent `id`, with the focus on its new
 * image; `runtime` is the newest Runtime the image may be built on (the rollback's target).
 */
export function editAgent(host, id, runtime) {
  const ui = forms(host);
  ui.agentId.value = id;
  ui.agentImage.value = '';
  say(ui.storyStatus, `Give ${id} an image built on Runtime ${runtime ?? 'of the target'} or older, then update it.`);
  ui.agentImage.scrollIntoView({ block: 'center' });
  ui.agentImage.focus({ preventScroll: true });
}

/**
 * Wires the forms of `host` (the story card), once. `scenario()` is the current scenario;
 * `apply(event, label, statusBox, errorBox)` runs one event at "now" through the engine's
 * simulation and returns its step when it applied (null when it did not: it has said why in
 * the boxes); `commit(next, { label })` replaces the scenario, throwing the engine's error
 * when it refuses it.
 */
export function bindStoryEditor(host, actions) {
  const ui = forms(host);
  $('#deploy-form', host).addEventListener('submit', (ev) => onDeploy(ui, actions, ev));
  $('#settings-form', host).addEventListener('submit', (ev) => onSettings(ui, actions, ev));
  $('#agent-form', host).addEventListener('submit', (ev) => onAgent(ui, actions, ev));
  $('#tasks-form', host).addEventListener('submit', (ev) => onTasks(ui, actions, ev));
  $('#who-form', host).addEventListener('submit', (ev) => onWho(ui, actions, ev));
  fill(ui.whoRoles, ROLES.map((r) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'who-role', value: r }), ` ${r}`)));
  fill(ui.whoPermissions, PERMISSIONS.map((p) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'who-permission', value: p }), ' ', el('code', { text: p }))));
  ui.taskAdd.addEventListener('click', () => {
    const row = taskRow(ui, null);
    ui.tasksRows.append(row);
    $('.task-id', row).focus();
  });
}
