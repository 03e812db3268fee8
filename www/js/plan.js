// The rollback plan panel: the picked target, the engine's verdict and its reasons first,
// then the warnings, what the rollback changes field by field, the Runtime downgrade, the
// running tasks, the Remote Execution agents, the steps and the new history entry; and the
// rollback button and the description's counter in the same card. It draws what the engine
// answered (app.js asks it); no rule is decided here.

import { el, fill, showError } from './dom.js';
import {
  fmtTime, plural, VERDICTS, REASON_TITLES, FIELD_TITLES, DOWNGRADE_KINDS, ERASURE,
  titleOf, taskOutcome, fmtValue, warningTitle, dispositionTitle,
} from './format.js';

/** The element of the card with this id. */
const part = (host, id) => host.querySelector(`#${id}`);

/** The rollback button: primary only when the engine allows the rollback; off when it cannot act. */
function renderButton(host, plan, target) {
  const b = part(host, 'rollback-button');
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
  const hintBox = part(host, 'rollback-hint');
  hintBox.textContent = hint;
  hintBox.hidden = hint === '';
}

/**
 * Draws the plan panel into `host` (the plan card): the picked target, the engine's `plan`
 * for it (or its `error`), and the rollback button. `target` is the picked id (or null),
 * `entry` its history entry; `options` the policy options in force (for the grace period);
 * `runningTasks` the scenario's, for their start times and retries.
 */
export function renderPlan(host, { plan, error, target, entry, options, runningTasks }) {
  renderButton(host, plan, target);
  fill(
    part(host, 'plan-target'),
    entry
      ? ['Target: ', el('strong', { text: entry.id }), ` · deployed ${fmtTime(entry.createdAt)} · Runtime `, entry.runtimeVersion ? el('code', { text: entry.runtimeVersion }) : 'unknown']
      : 'No target picked: pick one in the Deploy History.',
  );
  const head = part(host, 'plan-head');
  const details = part(host, 'plan-details');
  if (error) {
    const box = el('div', { class: 'error-box' });
    showError(box, error, 'The engine cannot plan this rollback');
    fill(head, box);
    fill(details);
    return;
  }
  if (!plan) {
    fill(head);
    fill(details);
    return;
  }

  // The verdict and its reasons come first: they say whether anything below can happen.
  const verdict = VERDICTS[plan.verdict] ?? { title: plan.verdict, text: '' };
  fill(
    head,
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

  const grace = options.taskGracePeriodHours;
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

  const tasks = new Map((runningTasks ?? []).map((t) => [t.id, t]));
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

  fill(details, sections);
}

/**
 * The rollback description's counter in `host` (the plan card), against `max` characters
 * (the engine's limit; undefined before a scenario is read). Counts as the engine does:
 * Unicode scalar values, not UTF-16 units.
 */
export function renderDescriptionCount(host, max) {
  const counter = part(host, 'description-count');
  const n = [...part(host, 'rollback-description').value].length;
  if (max === undefined) {
    counter.textContent = String(n);
    return;
  }
  part(host, 'description-limit').textContent = `(up to ${max} characters)`;
  counter.textContent = n > max ? `${n} / ${max}: ${n - max} too many` : `${n} / ${max}`;
  counter.classList.toggle('over', n > max);
}
