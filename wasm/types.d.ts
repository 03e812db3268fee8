/* Exact types of the JS API, checked by `tsc --strict` against a consumer in tests/. */

/** An RFC 3339 instant. Inputs carry an offset; outputs are UTC with `Z`. */
export type Timestamp = string;
/** An Astro Runtime version: `12.4.0` (Airflow 2 era) or `3.1-11` (Airflow 3 era). */
export type RuntimeVersion = string;

/** The output shape `T` as an input: the `Req` fields required, the others optional. */
type Loose<T, Req extends keyof T = never> = Pick<T, Req> & { [K in Exclude<keyof T, Req>]?: T[K] };

export type Profile = "astroHosted" | "astroPrivateCloud";
export type DeployType = "imageAndDags" | "imageOnly" | "dagsOnly" | "github" | "dbt" | "rollback";
export type DeployStatus = "deployed" | "failed" | "initialized";
/** Known values `CELERY`, `KUBERNETES`, `ASTRO`; any text passes (the engine only carries it). */
export type Executor = "CELERY" | "KUBERNETES" | "ASTRO" | (string & {});
/** Known values `SMALL`, `MEDIUM`, `LARGE`, `EXTRA_LARGE`; any text passes. */
export type SchedulerSize = "SMALL" | "MEDIUM" | "LARGE" | "EXTRA_LARGE" | (string & {});
export type DeployMechanism = "image" | "dagOnly" | "nfs" | "gitSync";
export type Role = "deploymentViewer" | "deploymentEditor" | "deploymentAdmin" | "systemAdmin";

export interface RuntimeRange { from: RuntimeVersion; to: RuntimeVersion }

export interface PolicyOptions {
  /** Days of 24 h, 0 to 36500 (90). */
  retentionDays: number;
  /** Private Cloud: oldest Runtime that can roll back (5.0.0). */
  privateCloudMinimumRuntime: RuntimeVersion;
  /** Oldest Airflow 2 target of an Airflow 3 → 2 rollback (5.0.0). */
  airflow2MinimumTarget: RuntimeVersion;
  /** Runtimes a rollback cannot be automated from or to (3.0-1 … 3.1-1); null lifts it. */
  unsupportedRuntimeRange: RuntimeRange | null;
  /** Private Cloud: rollbacks allowed for the installation (true). */
  installationRollbacksEnabled: boolean;
  /** Hours a task may run on after a deploy before it is interrupted (24). */
  taskGracePeriodHours: number;
}

export interface WorkerQueue {
  name: string;
  astroMachine: string | null;
  minWorkerCount: number | null;
  maxWorkerCount: number | null;
  workerConcurrency: number | null;
  podCpu: string | null;
  podMemory: string | null;
  isDefault: boolean | null;
}

export interface EnvVar {
  key: string;
  /** Absent (null) for secrets. */
  value: string | null;
  isSecret: boolean;
  updatedAt: Timestamp | null;
}

export interface Agent {
  id: string;
  /** `…:<runtime>[-<distro>]-python-<py>-astro-agent-<version>[-base]` */
  image: string;
}

export interface RemoteExecution {
  enabled: boolean;
  agents: Agent[];
  remoteApiUrl: string | null;
}

export interface Deployment {
  id: string;
  name: string;
  description: string | null;
  runtimeVersion: RuntimeVersion | null;
  dagDeployEnabled: boolean | null;
  executor: Executor | null;
  schedulerSize: SchedulerSize | null;
  workerQueues: WorkerQueue[];
  envVars: EnvVar[];
  deployMechanism: DeployMechanism;
  rollbackEnabled: boolean | null;
  remoteExecution: RemoteExecution | null;
}

export interface DbtBundle { name: string; version: string }

export interface Git {
  provider: string | null;
  commitSha: string | null;
  branch: string | null;
  repo: string | null;
  commitUrl: string | null;
}

/** A history entry: one deploy and the code state after it. */
export interface Deploy {
  id: string;
  createdAt: Timestamp;
  author: string | null;
  type: DeployType;
  status: DeployStatus;
  description: string | null;
  /** null when unknown (an imported Dag-only or bundle deploy with no image before it). */
  imageTag: string | null;
  dagBundleVersion: string | null;
  dbtBundles: DbtBundle[];
  /** null when unknown (an imported Deploy that does not name it). */
  runtimeVersion: RuntimeVersion | null;
  dagDeployEnabled: boolean;
  git: Git | null;
  rollbackOf: string | null;
  replaces: string | null;
}

export interface RunningTask {
  id: string;
  startedAt: Timestamp;
  retriesLeft: number;
  expectedEndAt: Timestamp | null;
}

export interface Actor {
  id: string;
  roles: Role[];
  /** `deployment.images.push`, `deployment.dags.push`, `system.deployments.images.push`, … */
  permissions: string[];
}

export interface CatalogEntry {
  metadata?: {
    airflowVersion?: string | null;
    yanked?: boolean;
    yankedReason?: string | null;
    releaseDate?: string | null;
    [other: string]: unknown;
  };
  migrations?: { airflowDatabase?: boolean; [other: string]: unknown };
  [other: string]: unknown;
}

/** Astronomer's updates-service document (unknown fields are ignored). */
export interface RuntimeCatalog {
  runtimeVersions?: Record<RuntimeVersion, CatalogEntry>;
  runtimeVersionsV3?: Record<RuntimeVersion, CatalogEntry>;
  [other: string]: unknown;
}

/**
 * A runtime catalogue as the engine writes it back, every field present. (Type aliases,
 * not interfaces, so that a scenario the engine returns is a `ScenarioInput` too.)
 */
export type RuntimeCatalogAnswer = {
  runtimeVersions: Record<RuntimeVersion, CatalogEntryAnswer>;
  runtimeVersionsV3: Record<RuntimeVersion, CatalogEntryAnswer>;
};
export type CatalogEntryAnswer = {
  metadata: { airflowVersion: string | null; yanked: boolean; yankedReason: string | null; releaseDate: string | null };
  migrations: { airflowDatabase: boolean };
};

/** A scenario as the engine returns it (`fromAstroApi`, `exampleScenario`). */
export interface Scenario {
  profile: Profile;
  options: PolicyOptions;
  now: Timestamp;
  deployment: Deployment;
  history: Deploy[];
  runningTasks: RunningTask[];
  actor: Actor | null;
  runtimeCatalog: RuntimeCatalogAnswer | null;
}

export type DeploymentInput = Loose<Omit<Deployment, "workerQueues" | "envVars" | "remoteExecution">, "id" | "name"> & {
  workerQueues?: Loose<WorkerQueue, "name">[];
  envVars?: Loose<EnvVar, "key">[];
  remoteExecution?: Loose<RemoteExecution> | null;
};
export type DeployInput = Loose<Omit<Deploy, "git">, "id" | "createdAt" | "type" | "status" | "imageTag" | "runtimeVersion"> & {
  git?: Loose<Git> | null;
};
export type RunningTaskInput = Loose<RunningTask, "id" | "startedAt">;
export type ActorInput = Loose<Actor, "id">;

/**
 * A scenario as the engine reads it. Unknown fields are errors, but for `$schema`: the
 * address of its JSON Schema (`deploy-rollback/schema/scenario.schema.json`), for
 * editors; the engine ignores it.
 */
export interface ScenarioInput {
  $schema?: string;
  profile?: Profile;
  options?: Partial<PolicyOptions>;
  now: Timestamp;
  deployment: DeploymentInput;
  history?: DeployInput[];
  runningTasks?: RunningTaskInput[];
  actor?: ActorInput | null;
  runtimeCatalog?: RuntimeCatalog | null;
}

export type EventKind = "deploy" | "rollback" | "settings" | "agentUpdate" | "tasks";

export interface DeployEvent {
  at: Timestamp;
  kind: "deploy";
  type: Exclude<DeployType, "rollback">;
  id?: string | null;
  author?: string | null;
  description?: string | null;
  status?: DeployStatus | null;
  git?: Loose<Git> | null;
  runtimeVersion?: RuntimeVersion | null;
  imageTag?: string | null;
  dagBundleVersion?: string | null;
  dbtBundles?: DbtBundle[] | null;
  dagDeployEnabled?: boolean | null;
}
export interface RollbackEvent { at: Timestamp; kind: "rollback"; to: string; description?: string | null; author?: string | null }
export interface SettingsEvent {
  at: Timestamp;
  kind: "settings";
  name?: string | null;
  description?: string | null;
  executor?: Executor | null;
  schedulerSize?: SchedulerSize | null;
  workerQueues?: Loose<WorkerQueue, "name">[] | null;
  envVars?: Loose<EnvVar, "key">[] | null;
  deployMechanism?: DeployMechanism | null;
  rollbackEnabled?: boolean | null;
  remoteExecution?: Loose<RemoteExecution> | null;
  /** The Dag deploy setting: a Deployment setting, changed without a history entry. */
  dagDeployEnabled?: boolean | null;
}
export interface AgentUpdateEvent { at: Timestamp; kind: "agentUpdate"; agentId: string; image: string }
export interface TasksEvent { at: Timestamp; kind: "tasks"; runningTasks: RunningTaskInput[] }
export type TimelineEvent = DeployEvent | RollbackEvent | SettingsEvent | AgentUpdateEvent | TasksEvent;

/** A starting point and the events that happen to it, in time order. */
export interface TimelineInput extends Omit<ScenarioInput, "now"> {
  events?: TimelineEvent[];
}

export type ReasonCode =
  | "outsideRetentionWindow" | "notDeployed" | "rollbackDisabled" | "unsupportedDeployMechanism"
  | "runtimeBelowMinimum" | "unsupportedRuntimeRange" | "airflow2TargetTooOld"
  | "remoteExecutionRequiresAirflow3" | "permissionDenied" | "agentIncompatible" | "deployCannotDowngrade"
  | "dagsOnlyCannotChangeRuntime" | "dagDeploysDisabled" | "deployTypeCannotChange";

export type WarningCode =
  | "noCodeChange" | "runtimeDowngrade" | "metadataErasure" | "airflow3To2" | "tasksWillFail"
  | "mixedCodeVersions" | "intermediateDeploys" | "dagDeploySettingChanges" | "yankedRuntime"
  | "revertRepository" | "missingDescription" | "agentOlderThanDeployment" | "agentsNotListed"
  | "permissionsNotChecked" | "runtimeUnknown" | "deployInProgress" | "airflowMajorUpgrade";

export type ErrorCode =
  | "invalidJson" | "missingField" | "unknownField" | "invalidValue" | "invalidRuntimeVersion"
  | "invalidTimestamp" | "invalidAgentImage" | "duplicateDeployId" | "unknownDeploy" | "deployInFuture"
  | "emptyHistory" | "descriptionTooLong" | "inputTooLarge" | "incompleteHistory";

/** How much an item matters to the person about to roll back, most first. */
export type Severity = "blocker" | "actionRequired" | "warning" | "info";

/** A rule of docs/rules.md: a section or a labelled rule inside one. */
export type RuleId =
  | "§1" | "§2" | "§3" | "E1" | "E2" | "E3" | "E4" | "E5" | "§4" | "§5" | "D1" | "D2" | "D3" | "§6" | "§7" | "§8";

/** What every reason, warning, task outcome and agent check says for people. */
export interface Showable {
  severity: Severity;
  /** A short title ("Runtime downgrade"). */
  title: string;
  /** The rule of docs/rules.md it applies. */
  rule: RuleId;
  /** A plain sentence; may change between versions. */
  message: string;
}

export interface Reason extends Showable { code: ReasonCode }
export interface Warning extends Showable { code: WarningCode }

export interface EntryEligibility {
  id: string;
  eligible: boolean;
  isCurrent: boolean;
  reasons: Reason[];
  /** When the entry leaves the retention window; null if never. */
  windowClosesAt: Timestamp | null;
}
export interface Eligibility {
  /** The current deploy's id (the newest deployed entry); null when none is deployed. */
  current: string | null;
  entries: EntryEligibility[];
}

/**
 * The policy options in force for a scenario, its defaults filled in, and the engine's
 * fixed limits: what a frontend shows instead of restating them.
 */
export interface ResolvedOptions extends PolicyOptions {
  /** The longest rollback description, in Unicode scalar values (`[...text].length`). */
  maxDescriptionChars: number;
}

export type Verdict = "allowed" | "actionRequired" | "blocked";
export type Disposition = "restored" | "kept" | "erased";
export type FieldValue = null | string | boolean | DbtBundle[] | WorkerQueue[] | EnvVar[];

export interface FieldChange {
  field:
    | "imageTag" | "dagBundleVersion" | "dbtBundles" | "runtimeVersion" | "dagDeployEnabled"
    | "executor" | "schedulerSize" | "workerQueues" | "envVars" | "name" | "description" | "metadataDatabase";
  /** The field's name for people ("Dag bundle version"). */
  label: string;
  disposition: Disposition;
  current: FieldValue;
  target: FieldValue;
  /** `current` for people: text as it is, lists counted ("2 queues"), a flag as on/off. */
  currentText: string;
  /** `target` for people. */
  targetText: string;
  changes: boolean;
}

export interface Downgrade {
  from: RuntimeVersion;
  to: RuntimeVersion;
  kind: "patch" | "airflowMinor" | "airflowMajor";
  metadataErasure: "possible" | "likely";
}

export type TaskFate =
  | "continuesOnCurrentCode" | "failsThenRetries" | "fails" | "interruptedAfterGracePeriod" | "unknown";
export interface TaskOutcome extends Showable {
  id: string;
  outcome: TaskFate;
  /** Whether it then runs again, on the target's code (it fails or is interrupted with retries left). */
  retries: boolean;
  /** When the task, if still running, would be interrupted; null when the rollback restarts nothing. */
  gracePeriodEndsAt: Timestamp | null;
}

export interface AgentCheck extends Showable { id: string; runtimeVersion: RuntimeVersion; status: "compatible" | "incompatible" | "unknown" }

export interface Plan {
  verdict: Verdict;
  target: string;
  current: string | null;
  /** Empty exactly when the verdict is `allowed`. */
  reasons: Reason[];
  warnings: Warning[];
  fields: FieldChange[];
  downgrade: Downgrade | null;
  runningTasks: TaskOutcome[];
  agents: AgentCheck[];
  steps: string[];
  /** The entry the rollback writes; null when blocked (nothing is written). */
  newEntry: Deploy | null;
}

export interface Step {
  index: number;
  at: Timestamp;
  kind: EventKind;
  outcome: "applied" | "rejected";
  reasons: Reason[];
  plan: Plan | null;
  /** The id of the history entry the event added. */
  entry: string | null;
}

export interface Simulation {
  steps: Step[];
  /** Newest first. */
  history: Deploy[];
  deployment: Deployment;
}

/** Where the second entry of a comparison lies in the history, against the first. */
export type Direction = "newer" | "older" | "same";
/** Which way the Runtime moves from the first entry to the second ("unknown": a Runtime is unknown). */
export type RuntimeChangeKind = "upgrade" | "downgrade" | "same" | "unknown";

/** One field of the code state in both entries, in a plan's words. */
export interface CodeFieldChange {
  /** One of imageTag, dagBundleVersion, dbtBundles, runtimeVersion, dagDeployEnabled. */
  field: FieldChange["field"];
  /** The field's name for people, as in a plan. */
  label: string;
  from: FieldValue;
  to: FieldValue;
  /** `from` for people, as a plan writes a value. */
  fromText: string;
  /** `to` for people. */
  toText: string;
  changes: boolean;
}

export interface RuntimeChange {
  from: RuntimeVersion | null;
  to: RuntimeVersion | null;
  change: RuntimeChangeKind;
  /** The downgrade as a plan classifies it; null unless `change` is "downgrade". */
  downgrade: Downgrade | null;
}

/** The commit of each entry's code (followed through rollbackOf, as a plan's revertRepository step); null when none is recorded. */
export interface Commits { from: string | null; to: string | null }

/** Two history entries compared: what going from `from`'s code to `to`'s changes. */
export interface Comparison {
  from: string;
  to: string;
  /** Whether `to` is newer or older than `from` in the history. */
  direction: Direction;
  /** imageTag, dagBundleVersion, dbtBundles, runtimeVersion, dagDeployEnabled, in this order. */
  fields: CodeFieldChange[];
  runtime: RuntimeChange;
  /** The ids of the entries strictly between the two, newest first. */
  between: string[];
  commits: Commits;
  /** runtimeDowngrade, airflowMajorUpgrade and metadataErasure, as a plan gives them. */
  warnings: Warning[];
}

export interface AgentImageParts {
  repository: string;
  runtimeVersion: RuntimeVersion;
  pythonVersion: string;
  agentVersion: string;
  distro: string | null;
  isBase: boolean;
}

/** A rule of docs/rules.md, as the engine states it. */
export interface Rule {
  id: RuleId;
  /** The section it sits in (`§3` for `E1`); a section's own id for a section. */
  section: RuleId;
  /** Its heading in docs/rules.md, without the id ("Retention window"). */
  title: string;
  /** The rule in one or two plain sentences, as docs/rules.md states it. */
  summary: string;
}

/** A JSON object, or its JSON text. */
type Json<T> = T | string;

/** The eligibility of every history entry, newest first. */
export function checkEligibility(scenario: Json<ScenarioInput>): Eligibility;
/** A preview of one rollback of the scenario's Deployment to `targetId`. */
export function planRollback(scenario: Json<ScenarioInput>, targetId: string, description?: string | null): Plan;
/**
 * Two history entries of the scenario compared: the code state field by field, the
 * Runtime change, the entries between them and their commits.
 */
export function compareEntries(scenario: Json<ScenarioInput>, fromId: string, toId: string): Comparison;
/**
 * The id of the entry a rollback "to the previous deploy" means, as `helm rollback` without
 * a revision: the newest deployed entry older than the current deploy whose code differs
 * from the code in force; `null` when there is none. The CLI's `plan` takes it when `--to`
 * is not given.
 */
export function previousTarget(scenario: Json<ScenarioInput>): string | null;
/** Applies a timeline's events in order. */
export function simulateTimeline(timeline: Json<TimelineInput>): Simulation;
/** -1, 0 or 1, as the astro CLI orders Runtime versions. */
export function compareRuntimeVersions(a: RuntimeVersion, b: RuntimeVersion): -1 | 0 | 1;
/** The parts of a Remote Execution agent image reference. */
export function parseAgentImage(ref: string): AgentImageParts;
/**
 * A scenario from the Astro Platform API's Deployment and deploys-page responses, at
 * `now`: an RFC 3339 string, or a `Date` through the package's
 * entry point (`deploy-rollback`).
 */
export function fromAstroApi(deployment: Json<object>, deploysPages: Json<object> | Json<object>[], now: Timestamp | Date): Scenario;
/** The policy options in force for the scenario (defaults filled in) and `maxDescriptionChars`. */
export function resolvedOptions(scenario: Json<ScenarioInput>): ResolvedOptions;
/** The documentation's 8-November example. */
export function exampleScenario(): Scenario;
/** Every rule of docs/rules.md (sections and the rules inside them), in the page's order. */
export function rules(): Rule[];
/** The engine's version. */
export function engineVersion(): string;

/**
 * A scenario read once and kept in the module, for many questions about it: a preview
 * that answers every click without reading the history again. Beyond the contract.
 * Call `free()` when done (a FinalizationRegistry frees forgotten ones where supported).
 */
export class PreparedScenario {
  /** Reads `scenario` as `checkEligibility` does; throws the same `InputError`s. */
  constructor(scenario: Json<ScenarioInput>);
  /** `checkEligibility` of the kept scenario. */
  checkEligibility(): Eligibility;
  /** `resolvedOptions` of the kept scenario. */
  resolvedOptions(): ResolvedOptions;
  /** `compareEntries` of the kept scenario. */
  compareEntries(fromId: string, toId: string): Comparison;
  /** `planRollback` of the kept scenario. */
  planRollback(targetId: string, description?: string | null): Plan;
  /** `previousTarget` of the kept scenario. */
  previousTarget(): string | null;
  /**
   * Releases the module memory it holds. Afterwards every call throws "this
   * PreparedScenario was freed" (through the package's entry point); `free()` again does
   * nothing.
   */
  free(): void;
}
