// The Deploy History panel: the Deployment's line, one page of the history as a table
// (newest first, in the engine's order), each row with its eligibility and a radio to pick
// it as the rollback target, and the pager. Text from the scenario goes in as text only.

import { el, fill } from './dom.js';
import { fmtTime, DEPLOY_TYPES, STATUSES, PROFILES, REASON_TITLES, titleOf } from './format.js';

/** The element of the card with this id. */
const part = (host, id) => host.querySelector(`#${id}`);

/**
 * The line under the card's title: the Deployment's name, its profile, the Runtime it runs
 * (`current` is the current history entry, or null) and "now".
 */
export function renderMeta(host, { scenario, current }) {
  const s = scenario;
  const d = s.deployment;
  fill(
    part(host, 'deployment-meta'),
    el('span', { class: 'meta-item' }, el('strong', { text: d.name })),
    el('span', { class: 'meta-item', text: PROFILES[s.profile ?? 'astroHosted'] ?? s.profile }),
    el('span', { class: 'meta-item', text: `Runtime ${(current ? current.runtimeVersion : d.runtimeVersion) ?? 'unknown'}` }),
    d.executor ? el('span', { class: 'meta-item', text: `${d.executor.toLowerCase()} executor` }) : null,
    el('span', { class: 'meta-item' }, 'now ', el('time', { datetime: s.now, id: 'now-text', text: fmtTime(s.now) })),
  );
}

function historyRow(h, { eligibility, target, fresh }) {
  const e = eligibility.get(h.id);
  const picked = h.id === target;
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
      class: ['history-row', picked ? 'is-picked' : '', e && !e.eligible ? 'is-ineligible' : '', h.id === fresh ? 'is-fresh' : ''],
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

/**
 * Draws page `page` (of `pageSize` entries) of `sorted` (the history, newest first) into
 * `host` (the history card), with `eligibility` a Map from id to the engine's answer, the
 * picked `target` id and the `fresh` id the last change added (highlighted). `onPick(id)`
 * is called when a row or its radio is picked, `onPage(delta)` by the pager (-1: newer).
 */
export function renderHistory(host, { sorted, page, pageSize, eligibility, target, fresh, onPick, onPage }) {
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const first = page * pageSize;
  const rows = sorted.slice(first, first + pageSize).map((h) => historyRow(h, { eligibility, target, fresh }));
  if (!rows.length) {
    rows.push(el('tr', {}, el('td', { colspan: 8, class: 'empty', text: 'No deploy in the history yet. Add one under “Change the story”.' })));
  }
  const body = part(host, 'history-body');
  fill(body, rows);
  // One handler for the whole table: rows come and go with pages and changes.
  body.onchange = (ev) => {
    if (ev.target.matches('input[name="target"]')) onPick(ev.target.value);
  };
  body.onclick = (ev) => {
    if (ev.target.closest('input, a, button, label')) return;
    const tr = ev.target.closest('tr[data-id]');
    if (tr) onPick(tr.dataset.id);
  };
  const newer = part(host, 'page-newer');
  const older = part(host, 'page-older');
  newer.onclick = () => onPage(-1);
  older.onclick = () => onPage(1);
  part(host, 'history-pager').hidden = pages === 1;
  if (pages > 1) {
    const last = Math.min(first + pageSize, sorted.length);
    part(host, 'page-info').textContent = `Entries ${(first + 1).toLocaleString('en')}–${last.toLocaleString('en')} of ${sorted.length.toLocaleString('en')}, newest first`;
    newer.disabled = page === 0;
    older.disabled = page === pages - 1;
  }
}

/** Moves the picked mark from row `from` to row `to` (either may be null or not drawn). */
export function markPickedRow(host, from, to) {
  for (const [rowId, picked] of [[from, false], [to, true]]) {
    if (!rowId) continue;
    const tr = part(host, 'history-body').querySelector(`tr[data-id="${CSS.escape(rowId)}"]`);
    if (!tr) continue;
    tr.classList.toggle('is-picked', picked);
    const radio = tr.querySelector('input[type="radio"]');
    if (radio) radio.checked = picked;
  }
}
