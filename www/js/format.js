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

/** The value of a `datetime-local` input (read as UTC) for an instant. */
export function localInputFromIso(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toISOString().slice(0, 16);
}

/** An RFC 3339 instant from a `datetime-local` value read as UTC, or null. */
export function isoFromLocalInput(value) {
  if (!/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const ms = Date.parse(`${value}Z`);
  return Number.isNaN(ms) ? null : isoFromMs(ms);
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
  blocked: { title: 'Blocked', text: 'This rollback cannot be done, for the reasons below.' },
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
};

export const WARNING_TITLES = {
  noCodeChange: 'No code change',
  runtimeDowngrade: 'Runtime downgrade',
  metadataErasure: 'Metadata will be erased',
  airflow3To2: 'Airflow 3 → Airflow 2',
  tasksWillFail: 'Running tasks will fail',
  mixedCodeVersions: 'Mixed code versions',
  intermediateDeploys: 'Undoes more than one deploy',
  dagDeploySettingChanges: 'The Dag deploy setting flips',
  yankedRuntime: 'Yanked Runtime',
  revertRepository: 'Revert your repository too',
  missingDescription: 'No description',
  agentOlderThanDeployment: 'Agent older than the Deployment',
};

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
  likely: 'Likely: the two versions differ in Airflow version or database schema',
};

export function taskOutcome(outcome, graceHours = 24) {
  switch (outcome) {
    case 'continuesOnCurrentCode': return 'Keeps running on the code it started with';
    case 'failsThenRetries': return "Fails at once, then retries on the target's code";
    case 'fails': return 'Fails at once (no retries left)';
    case 'interruptedAfterGracePeriod': return `Interrupted ${graceHours} h after the rollback if still running`;
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
