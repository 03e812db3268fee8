// A TypeScript consumer of every function of the JS package, checked with
// `tsc --strict --noEmit`: a declared type that lies about a shape fails the build. It
// imports the package's entry point (index.js, typed by index.d.ts), as users do.
import init, {
  initSync, checkEligibility, planRollback, compareEntries, simulateTimeline, compareRuntimeVersions, parseAgentImage,
  fromAstroApi, exampleScenario, engineVersion, PreparedScenario, resolvedOptions, rules, InputError,
  type ScenarioInput, type TimelineInput, type Plan, type Eligibility, type Simulation,
  type ReasonCode, type WarningCode, type Verdict, type FieldValue, type ResolvedOptions, type Rule, type RuleId,
  type Severity, type ErrorCode, type Comparison, type Direction, type RuntimeChangeKind,
} from "../../pkg/index.js";
import "../../pkg/element.js";
import type { RollbackPreview, PlanChangeDetail, TargetChangeEvent } from "../../pkg/element.js";

export async function load(bytes: Uint8Array): Promise<void> {
  initSync({ module: bytes });
  await init({ module_or_path: bytes });
}

const scenario: ScenarioInput = {
  profile: "astroPrivateCloud",
  options: { retentionDays: 30, unsupportedRuntimeRange: null },
  now: "2023-11-08T13:00:00Z",
  deployment: {
    id: "dep-1", name: "etl", executor: "CELERY", rollbackEnabled: true, deployMechanism: "image",
    envVars: [{ key: "A", value: "1" }, { key: "SECRET", isSecret: true }],
    remoteExecution: { enabled: true, agents: [{ id: "a", image: "r:3.1-2-python-3.12-astro-agent-1.1.0" }] },
  },
  history: [
    { id: "d1", createdAt: "2023-11-06T14:00:00Z", type: "imageAndDags", status: "deployed", imageTag: "t1", runtimeVersion: "3.1-1" },
    { id: "d2", createdAt: "2023-11-07T14:00:00+01:00", type: "github", status: "failed", imageTag: "t2", runtimeVersion: "3.1-2",
      git: { commitSha: "abc1234" }, dbtBundles: [{ name: "jaffle", version: "v3" }] },
  ],
  runningTasks: [{ id: "etl.load", startedAt: "2023-11-08T12:00:00Z", retriesLeft: 1 }],
  actor: { id: "ada", roles: ["deploymentViewer"], permissions: ["deployment.images.push"] },
};

const eligibility: Eligibility = checkEligibility(scenario);
const closes: string | null = eligibility.entries[0].windowClosesAt;
const current: string | null = eligibility.current;
const options: ResolvedOptions = resolvedOptions(scenario);
const limit: number = options.maxDescriptionChars + options.retentionDays + options.taskGracePeriodHours;
const range: { from: string; to: string } | null = options.unsupportedRuntimeRange;

const plan: Plan = planRollback(scenario, "d1", "why");
const verdict: Verdict = plan.verdict;
const reasonCodes: ReasonCode[] = plan.reasons.map((r) => r.code);
const warningCodes: WarningCode[] = plan.warnings.map((w) => w.code);
const firstValue: FieldValue = plan.fields[0].current;
const erasure: "possible" | "likely" | undefined = plan.downgrade?.metadataErasure;
const agentOk: boolean = plan.agents.every((a) => a.status === "compatible");
const newTag: string | null | undefined = plan.newEntry?.imageTag;
planRollback(JSON.stringify(scenario), "d1");

const diff: Comparison = compareEntries(scenario, "d2", "d1");
const direction: Direction = diff.direction;
const runtimeChange: RuntimeChangeKind = diff.runtime.change;
const diffKind: "patch" | "airflowMinor" | "airflowMajor" | undefined = diff.runtime.downgrade?.kind;
const diffTexts: string[] = diff.fields.map((f) => `${f.label}: ${f.fromText} → ${f.toText}${f.changes ? "" : " (same)"}`);
const between: string[] = diff.between;
const commit: string | null = diff.commits.to;

const prepared = new PreparedScenario(scenario);
const preparedDiff: Comparison = prepared.compareEntries("d1", "d2");
const preparedPlan: Plan = prepared.planRollback("d1", null);
const preparedEligibility: Eligibility = prepared.checkEligibility();
const preparedOptions: ResolvedOptions = prepared.resolvedOptions();
prepared.free();

const timeline: TimelineInput = {
  deployment: { id: "dep-1", name: "etl" },
  history: scenario.history,
  events: [
    { at: "2023-11-08T13:00:00Z", kind: "deploy", type: "dagsOnly", description: "fix" },
    { at: "2023-11-08T13:05:00Z", kind: "rollback", to: "d1", description: "back" },
    { at: "2023-11-08T13:10:00Z", kind: "settings", executor: "ASTRO", envVars: [{ key: "B", value: "2" }] },
    { at: "2023-11-08T13:15:00Z", kind: "agentUpdate", agentId: "a", image: "r:3.1-1-python-3.12-astro-agent-1.1.0" },
    { at: "2023-11-08T13:20:00Z", kind: "tasks", runningTasks: [] },
  ],
};
const simulation: Simulation = simulateTimeline(timeline);
const applied: boolean = simulation.steps.every((s) => s.outcome === "applied" && (s.plan === null || s.plan.verdict !== "blocked"));

const order: -1 | 0 | 1 = compareRuntimeVersions("3.0.0", "3.0-1");
const parts = parseAgentImage("r:3.0-12-ubi9-python-3.11-astro-agent-1.1.0-base");
const distro: string | null = parts.distro;

const imported = fromAstroApi({ id: "dep" }, { deploys: [] }, "2023-11-08T13:00:00Z");
const importedNow = fromAstroApi({ id: "dep" }, { deploys: [] }, new Date());
const importedAgain: Plan | null = imported.history.length > 0 ? planRollback(imported, imported.history[0].id) : null;
const example = exampleScenario();
const version: string = engineVersion();

try {
  checkEligibility({ ...scenario, now: "yesterday" });
} catch (e) {
  if (e instanceof InputError) {
    const code: ErrorCode = e.code;
    const where: string = `${code} at ${e.path}: ${e.message}`;
    const sentence: string = e.detail;
    console.log(where, sentence, e.name === "InputError");
  }
}
const made = new InputError("unknownDeploy at target: no history entry has the id `d9`", { code: "unknownDeploy", path: "target" });
const madeIsError: Error = made;

const theRules: Rule[] = rules();
const firstRule: RuleId = theRules[0].id;
const inSection: RuleId = theRules[3].section;
const ruleWords: string = `${theRules[3].title}: ${theRules[3].summary}`;
const warningRule: RuleId | undefined = plan.warnings[0]?.rule;
const warningSeverity: Severity | undefined = plan.warnings[0]?.severity;

export const used = [madeIsError, firstRule, inSection, ruleWords, warningRule, warningSeverity, diff, direction, runtimeChange, diffKind, diffTexts, between, commit, preparedDiff, preparedPlan, preparedEligibility, preparedOptions, closes, current, limit, range, importedNow, verdict, reasonCodes, warningCodes, firstValue, erasure, agentOk, newTag, applied, order, distro, importedAgain, example, version];

/** The element (deploy-rollback/element): its tag is typed, and so are its events' details. */
export function embed(parent: HTMLElement, answer: (detail: PlanChangeDetail) => void): RollbackPreview {
  const preview = document.createElement("rollback-preview");
  preview.scenario = scenario;
  preview.target = "d2";
  preview.description = null;
  preview.now = new Date("2023-11-09T00:00:00Z");
  preview.pageSize = 25;
  preview.theme = "dark";
  preview.compareWith = "d3";
  preview.addEventListener("planchange", (e) => answer(e.detail));
  preview.addEventListener("comparechange", (e) => {
    const way: Direction | undefined = e.detail.comparison?.direction;
    const missing: ErrorCode | undefined = e.detail.error?.code;
    console.log(way, missing, preview.comparison?.between.length);
  });
  preview.addEventListener("targetchange", (e: TargetChangeEvent) => {
    if (e.detail.previous !== null && e.detail.target === "d1") e.preventDefault();
  });
  parent.append(preview);
  const verdict: Verdict | undefined = preview.plan?.verdict;
  const code: ErrorCode | undefined = preview.error?.code;
  void verdict;
  void code;
  return preview;
}
