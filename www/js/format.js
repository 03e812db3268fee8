// Formatting and plain-word titles for the engine's codes.

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

export const VERDICTS = {
  allowed: { title: 'Allowed', text: 'The engine allows this rollback. Read the warnings before you trigger it.' },
  actionRequired: { title: 'Action required first', text: 'Do the steps below first; then the rollback is allowed.' },
  blocked: { title: 'Blocked', text: 'Nothing can be triggered while these reasons hold.' },
};

export const REASON_TITLES = {
  outsideRetentionWindow: 'Outside the retention window',
  notDeployed: 'Not a deployed entry',
  rollbackDisabled: 'Rollbacks are disabled',
  unsupportedDeployMechanism: 'Unsupported deploy mechanism',
  runtimeBelowMinimum: 'Runtime below the minimum',
  unsupportedRuntimeRange: 'Runtime range that cannot roll back',
  airflow2TargetTooOld: 'Airflow 2 target too old',
  remoteExecutionRequiresAirflow3: 'Remote Execution needs Airflow 3',
  permissionDenied: 'Permission denied',
  agentIncompatible: 'Revert an agent first',
  deployCannotDowngrade: 'A deploy cannot downgrade',
  dagsOnlyCannotChangeRuntime: 'A Dag-only deploy cannot change the Runtime',
  dagDeploysDisabled: 'Dag deploys are off',
  deployTypeCannotChange: 'This deploy type cannot change that field',
};

export const WARNING_TITLES = {
  noCodeChange: 'No code change',
  runtimeDowngrade: 'Runtime downgrade',
  metadataErasure: 'Metadata may be erased', // see warningTitle: follows the likelihood
  airflow3To2: 'Airflow 3 → Airflow 2',
  tasksWillFail: 'Running tasks will fail',
  mixedCodeVersions: 'Mixed code versions',
  intermediateDeploys: 'Undoes more than one deploy',
  dagDeploySettingChanges: 'The Dag deploy setting flips',
  yankedRuntime: 'Yanked Runtime',
  revertRepository: 'Revert your repository too',
  missingDescription: 'No description',
  agentOlderThanDeployment: 'Agent older than the Deployment',
  agentsNotListed: 'Agents not listed',
  permissionsNotChecked: 'Permissions not checked',
  runtimeUnknown: 'Runtime unknown',
  deployInProgress: 'A deploy is in progress',
  airflowMajorUpgrade: 'Airflow major upgrade',
};

/** A warning's title; the metadata one says what the engine's likelihood says. */
export function warningTitle(code, plan) {
  if (code === 'metadataErasure') {
    return plan?.downgrade?.metadataErasure === 'likely' ? 'Metadata will likely be erased' : 'Metadata may be erased';
  }
  return titleOf(code, WARNING_TITLES);
}

/** A field's disposition in words; "erased" says how likely, as the engine does. */
export function dispositionTitle(disposition, plan) {
  if (disposition === 'erased') {
    return plan?.downgrade?.metadataErasure === 'likely' ? 'Likely erased' : 'May be erased';
  }
  return DISPOSITIONS[disposition] ?? disposition;
}

export const titleOf = (code, table) => table[code] ?? code;

export const FIELD_TITLES = {
  imageTag: 'Image tag',
  dagBundleVersion: 'Dag bundle version',
  dbtBundles: 'dbt bundles',
  runtimeVersion: 'Astro Runtime',
  dagDeployEnabled: 'Dag deploys',
  executor: 'Executor',
  schedulerSize: 'Scheduler size',
  workerQueues: 'Worker queues',
  envVars: 'Environment variables',
  name: 'Name',
  description: 'Description',
  metadataDatabase: 'Metadata database',
};

export const DISPOSITIONS = {
  restored: 'Rolled back',
  kept: 'Kept as now',
  erased: 'Erased',
};

export const DOWNGRADE_KINDS = {
  patch: 'Patch downgrade (same Airflow version)',
  airflowMinor: 'Airflow minor downgrade',
  airflowMajor: 'Airflow major downgrade (3 → 2)',
};

export const ERASURE = {
  possible: 'Possible: no database migration is known between the two versions',
  likely: 'Likely: the two versions differ in Airflow major.minor version or database schema',
};

export function taskOutcome(outcome, graceHours) {
  switch (outcome) {
    case 'continuesOnCurrentCode': return 'Keeps running on the code it started with';
    case 'failsThenRetries': return "Fails at once, then retries on the target's code";
    case 'fails': return 'Fails at once (no retries left)';
    case 'interruptedAfterGracePeriod': return `Interrupted ${graceHours} h after the rollback if still running`;
    case 'unknown': return 'Cannot be told: a Runtime is unknown (fails at once if this is a downgrade)';
    default: return outcome;
  }
}

/** A plan field's value in words. */
export function fmtValue(field, value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') {
    return field === 'dagDeployEnabled' ? (value ? 'on (Dags from a bundle)' : 'off (Dags in the image)') : value ? 'yes' : 'no';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (field === 'dbtBundles') return value.map((b) => `${b.name} @ ${b.version}`).join(', ');
    if (field === 'envVars') return value.map((v) => (v.isSecret ? `${v.key} = (secret)` : `${v.key} = ${v.value ?? ''}`)).join(', ');
    if (field === 'workerQueues') {
      return value
        .map((q) => {
          const parts = [q.astroMachine, q.minWorkerCount !== null && q.maxWorkerCount !== null ? `${q.minWorkerCount}–${q.maxWorkerCount} workers` : null]
            .filter((p) => p !== null && p !== undefined);
          return parts.length ? `${q.name} (${parts.join(', ')})` : q.name;
        })
        .join(', ');
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
