// The timeline picture: one lane per history entry, its retention window as a bar (from the
// engine's windowClosesAt), "now" as a vertical line. Built with DOM APIs as inline SVG; every
// lane is focusable and carries a <title> and an aria-label, and a tooltip shows the same
// text on hover and on keyboard focus.

import { svg, el, fill } from './dom.js';
import { fmtTime, fmtDate, monthName, DEPLOY_TYPES, STATUSES } from './format.js';

const DAY = 86400000;
const LANE = 32;
const TOP = 40;
const BOTTOM = 14;

function ticks(d0, d1, width) {
  const span = d1 - d0;
  const maxTicks = Math.max(2, Math.floor(width / 70));
  const out = [];
  if (span <= 45 * DAY) {
    const stepDays = Math.max(1, Math.ceil(span / DAY / maxTicks));
    const start = new Date(d0);
    let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()) + DAY;
    for (; t <= d1; t += stepDays * DAY) {
      const d = new Date(t);
      out.push({ t, label: `${d.getUTCDate()} ${monthName(d.getUTCMonth())}` });
    }
    return out;
  }
  const months = Math.ceil(span / (30 * DAY));
  const step = months / maxTicks <= 1 ? 1 : months / maxTicks <= 2 ? 2 : months / maxTicks <= 3 ? 3 : months / maxTicks <= 6 ? 6 : 12 * Math.ceil(months / maxTicks / 12);
  const s = new Date(d0);
  let y = s.getUTCFullYear();
  let m = s.getUTCMonth() + 1;
  for (;;) {
    if (m > 11) { y += Math.floor(m / 12); m %= 12; }
    const t = Date.UTC(y, m, 1);
    if (t > d1) break;
    if (m % step === 0 || step === 1) {
      out.push({ t, label: m === 0 || out.length === 0 ? `${monthName(m)} ${y}` : monthName(m) });
    }
    m += 1;
  }
  return out;
}

const PICKED = ' Picked as the rollback target.';
const PICKABLE = ' Press Enter to pick it as the rollback target.';

/**
 * Draws the timeline into `host` (a container holding the SVG and the tooltip): one lane
 * per entry of `history` (the page of the history the table shows), with `eligibility`
 * a Map from id to the engine's answer for it. `onPick(id)` is called when a lane is
 * clicked or activated with Enter or Space; `markPicked` moves the pick without a redraw.
 */
export function renderTimeline(host, { history, eligibility, now, target, retentionDays, onPick }) {
  const width = Math.max(300, Math.floor(host.clientWidth || 640));
  const narrow = width < 560;
  const labelW = narrow ? 92 : 148;
  const right = 18;
  const entries = history.map((h) => ({ h, e: eligibility.get(h.id) }));
  const nowMs = Date.parse(now);

  const starts = entries.map(({ h }) => Date.parse(h.createdAt));
  const ends = entries.map(({ e }) => (e && e.windowClosesAt ? Date.parse(e.windowClosesAt) : nowMs));
  let d0 = Math.min(nowMs, ...starts);
  let d1 = Math.max(nowMs, ...ends);
  if (d1 - d0 < 2 * DAY) d1 = d0 + 2 * DAY;
  const pad = (d1 - d0) * 0.03;
  d0 -= pad;
  d1 += pad;
  const x = (t) => labelW + ((t - d0) / (d1 - d0)) * (width - labelW - right);
  const height = TOP + entries.length * LANE + BOTTOM;

  const root = svg('svg', {
    class: 'timeline-svg',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': `Retention windows of ${entries.length} deploys, now at ${fmtTime(now)}`,
  });

  const defs = svg(
    'defs',
    {},
    svg(
      'pattern',
      { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, class: 'hatch-bg' }),
      svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }),
    ),
  );
  root.append(defs);

  // Axis: gridlines and labels.
  const axis = svg('g', { class: 'axis', 'aria-hidden': 'true' });
  for (const { t, label } of ticks(d0, d1, width - labelW)) {
    const tx = x(t);
    axis.append(
      svg('line', { x1: tx, x2: tx, y1: TOP - 6, y2: height - BOTTOM + 4, class: 'grid' }),
      svg('text', { x: tx + 3, y: TOP - 10, class: 'tick' }, label),
    );
  }
  root.append(axis);

  // Lanes.
  const tip = host.querySelector('.tooltip');
  entries.forEach(({ h, e }, i) => {
    const y = TOP + i * LANE;
    const mid = y + LANE / 2;
    const eligible = !!(e && e.eligible);
    const created = Date.parse(h.createdAt);
    const closes = e && e.windowClosesAt ? Date.parse(e.windowClosesAt) : null;
    const reasons = e ? e.reasons : [];
    const picked = h.id === target;
    const status = !e
      ? 'unknown'
      : e.isCurrent
        ? eligible ? 'current deploy, eligible' : 'current deploy'
        : eligible ? 'eligible' : 'not eligible';

    const lines = [
      `${h.id} · ${DEPLOY_TYPES[h.type] ?? h.type}${h.status !== 'deployed' ? ` · ${STATUSES[h.status] ?? h.status}` : ''}`,
      `Deployed ${fmtTime(h.createdAt)} · Runtime ${h.runtimeVersion ?? 'unknown'}`,
      closes !== null ? `Window (${retentionDays} days) closes ${fmtTime(e.windowClosesAt)}` : 'No retention limit',
      eligible ? (e.isCurrent ? 'Current deploy: eligible (re-deploy)' : 'Eligible as a rollback target') : 'Not eligible:',
      ...reasons.map((r) => `${r.title}: ${r.message}`),
    ];
    const label = `${lines.join('. ')}.`;

    const g = svg('g', {
      class: ['lane', eligible ? 'is-eligible' : 'is-ineligible', e && e.isCurrent ? 'is-current' : '', picked ? 'is-picked' : ''],
      tabindex: 0,
      role: 'button',
      'aria-label': label + (picked ? PICKED : PICKABLE),
      'data-label': label,
      'data-key': `lane:${h.id}`,
      'data-id': h.id,
    });
    g.append(svg('title', {}, lines.join('\n')));
    g.append(svg('rect', { class: 'lane-bg', x: 2, y: y + 1, width: width - 4, height: LANE - 2, rx: 6 }));

    // Label: id, date and a status mark (✓ / ✕), not color alone.
    const mark = eligible ? '✓' : '✕';
    const idText = h.id.length > (narrow ? 9 : 14) ? `${h.id.slice(0, narrow ? 8 : 13)}…` : h.id;
    g.append(
      svg('text', { x: 10, y: mid + 4, class: ['mark', eligible ? 'mark-ok' : 'mark-no'] }, mark),
      svg('text', { x: 26, y: mid + 4, class: 'lane-label' }, narrow ? idText : `${idText} · ${fmtDate(created).replace(/ \d{4}$/, '')}`),
    );

    // Retention window bar.
    const bx = x(created);
    const bEnd = closes !== null ? x(closes) : width - right;
    g.append(svg('rect', { class: 'win', x: bx, y: mid - 6, width: Math.max(2, bEnd - bx), height: 12, rx: 3 }));
    if (closes !== null && eligible && nowMs > closes) {
      // Astro Hosted keeps the last deploy eligible after its window closed.
      g.append(svg('line', { class: 'win-extension', x1: bEnd, x2: x(nowMs), y1: mid, y2: mid }));
    }
    if (closes !== null) g.append(svg('line', { class: 'win-end', x1: bEnd, x2: bEnd, y1: mid - 9, y2: mid + 9 }));

    // The deploy itself.
    if (h.type === 'rollback') {
      g.append(svg('path', { class: 'dot', d: `M${bx} ${mid - 7} L${bx + 7} ${mid} L${bx} ${mid + 7} L${bx - 7} ${mid} Z` }));
    } else if (h.status !== 'deployed') {
      g.append(svg('path', { class: 'dot dot-failed', d: `M${bx - 5} ${mid - 5} L${bx + 5} ${mid + 5} M${bx + 5} ${mid - 5} L${bx - 5} ${mid + 5}` }));
    } else {
      g.append(svg('circle', { class: 'dot', cx: bx, cy: mid, r: 6 }));
    }
    g.append(svg('rect', { class: 'pick-ring', x: 2, y: y + 1, width: width - 4, height: LANE - 2, rx: 6 }));
    g.append(svg('rect', { class: 'focus-ring', x: 1, y: y, width: width - 2, height: LANE, rx: 7 }));

    const show = () => {
      if (!tip) return;
      fill(tip, ...lines.map((line, k) => el('span', { class: k === 0 ? 'tip-head' : 'tip-line', text: line })));
      tip.hidden = false;
      const tipW = Math.min(340, width - 8);
      tip.style.maxWidth = `${tipW}px`;
      tip.style.left = `${Math.max(4, Math.min(bx - 20, width - tipW - 4))}px`;
      tip.style.top = `${y + LANE + 4}px`;
    };
    const hide = () => {
      if (tip) tip.hidden = true;
    };
    g.addEventListener('mouseenter', show);
    g.addEventListener('mouseleave', () => {
      if (document.activeElement !== g) hide();
    });
    g.addEventListener('focus', show);
    g.addEventListener('blur', hide);
    g.addEventListener('click', () => onPick(h.id));
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onPick(h.id);
      } else if (ev.key === 'Escape') {
        hide();
      }
    });
    root.append(g);
  });

  // Now.
  const nx = x(nowMs);
  const nowG = svg('g', { class: 'now', 'aria-hidden': 'true' });
  const nowLabel = `now ${fmtTime(now)}`;
  const labelWidth = nowLabel.length * 7.1 + 14;
  const lx = Math.max(labelW, Math.min(nx - labelWidth / 2, width - labelWidth - 2));
  nowG.append(
    svg('line', { class: 'now-line', x1: nx, x2: nx, y1: TOP - 4, y2: height - BOTTOM + 6 }),
    svg('rect', { class: 'now-pill', x: lx, y: 2, width: labelWidth, height: 18, rx: 9 }),
    svg('text', { class: 'now-text', x: lx + labelWidth / 2, y: 15, 'text-anchor': 'middle' }, nowLabel),
  );
  root.append(nowG);

  const old = host.querySelector('svg');
  if (old) old.replaceWith(root);
  else host.prepend(root);
  if (tip) tip.hidden = true;
}

/** Moves the picked mark from lane `from` to lane `to` (either may be null or not drawn). */
export function markPicked(host, from, to) {
  for (const [id, picked] of [[from, false], [to, true]]) {
    if (id === null || id === undefined) continue;
    const g = host.querySelector(`.lane[data-id="${CSS.escape(id)}"]`);
    if (!g) continue;
    g.classList.toggle('is-picked', picked);
    g.setAttribute('aria-label', g.dataset.label + (picked ? PICKED : PICKABLE));
  }
}
