// Formatting of times, and names of the scenario's own values (deploy types, statuses,
// profiles) for the demo's forms and timeline. The engine's answers carry their own titles,
// labels and value texts (reasons, warnings, task outcomes, agent checks, field changes):
// the page shows those as they are and keeps no table of its own for them.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => String(n).padStart(2, '0');

/** `13:00 8 Nov 2023` (UTC), with seconds only when they are not zero. */
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const secs = d.getUTCSeconds() ? `:${pad(d.getUTCSeconds())}` : '';
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${secs} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `8 Nov 2023` (UTC). */
export function fmtDate(ms) {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export const monthName = (i) => MONTHS[i];

/** An RFC 3339 instant (UTC, no fraction) from milliseconds. */
export function isoFromMs(ms) {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * The text of a time field for an instant: `2023-11-08 13:00` (UTC, 24-hour), with seconds
 * only when they are not zero. The demo's own fields, never the browser's date picker,
 * whose clock follows the visitor's locale (12-hour in some).
 */
export function inputFromIso(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const secs = d.getUTCSeconds() ? `:${pad(d.getUTCSeconds())}` : '';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${secs}`;
}

/**
 * An RFC 3339 instant from a time field read as UTC, or null: `2023-11-08 13:00`,
 * `2023-11-08T13:00`, with optional seconds, or a full RFC 3339 instant with its offset.
 */
export function isoFromInput(value) {
  const text = String(value).trim();
  const plain = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (plain) {
    const [y, mo, d, h, mi, s] = plain.slice(1).map((v) => Number(v ?? 0));
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    // Date.UTC rolls 31 Feb over into March: refuse what does not come back the same.
    if (new Date(ms).getUTCDate() !== d) return null;
    return isoFromMs(ms);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : isoFromMs(ms);
  }
  return null;
}

/** The current time, to the minute, as an RFC 3339 instant. */
export function nowToTheMinute() {
  return isoFromMs(Math.floor(Date.now() / 60000) * 60000);
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export const DEPLOY_TYPES = {
  imageAndDags: 'Image and Dags',
  imageOnly: 'Image only',
  dagsOnly: 'Dags only',
  github: 'GitHub',
  dbt: 'dbt project',
  rollback: 'Rollback',
};

export const STATUSES = { deployed: 'Deployed', failed: 'Failed', initialized: 'In progress' };

export const PROFILES = { astroHosted: 'Astro Hosted', astroPrivateCloud: 'Astro Private Cloud' };
