// The rollback form, which the page puts in the plan of <rollback-preview> (the package's
// element draws the plan itself): the rollback button, which follows the plan the element
// shows, and the description's counter. No rule is decided here.

/** The element of the form with this id. */
const part = (host, id) => host.querySelector(`#${id}`);

/**
 * The rollback button in `host` (the form): primary only when the engine allows the
 * rollback; off when it cannot act. `plan` is the element's plan for `target` (null when
 * nothing is picked or the engine refused to plan: `error`).
 */
export function renderButton(host, { plan, target }) {
  const b = part(host, 'rollback-button');
  b.textContent = target ? `Roll back to ${target}` : 'Roll back';
  b.disabled = !target || !plan || plan.verdict === 'blocked';
  b.classList.toggle('primary', !!plan && plan.verdict === 'allowed');
  let hint = '';
  if (!target) hint = 'Pick a target in the Deploy History first.';
  else if (!plan) hint = 'The engine cannot plan this rollback: see above.';
  else if (plan.verdict === 'blocked') hint = `Blocked: ${plan.reasons.map((r) => r.title).join('; ')}. The reasons are at the top of the plan.`;
  else if (plan.verdict === 'actionRequired') hint = `Not yet: ${firstDo(plan).map((r) => r.message).join(' ')} The plan's steps below say how, in order.`;
  const hintBox = part(host, 'rollback-hint');
  hintBox.textContent = hint;
  hintBox.hidden = hint === '';
  // A button that cannot act, or not yet, says why (the verdict lives in the element's shadow
  // root, which an aria reference from this page cannot reach: the hint repeats it).
  if (target && (b.disabled || plan?.verdict === 'actionRequired')) b.setAttribute('aria-describedby', 'rollback-hint');
  else b.removeAttribute('aria-describedby');
}

/** What `answer` (a plan, or a simulation's step) asks to be done before the rollback can run. */
export const firstDo = (answer) => answer.reasons.filter((r) => r.severity === 'actionRequired');

/**
 * The rollback description's counter in `host` (the form), against `max` characters
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
