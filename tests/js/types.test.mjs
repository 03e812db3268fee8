// The hand-written TypeScript types of the package (wasm/types.d.ts) against the Rust
// model: TypeScript is generated from the JSON Schemas of docs/schema/ (themselves
// generated from the Rust types) and tsc checks that each hand type and its generated
// counterpart are assignable both ways, and that each code union holds exactly the codes
// of codes.json. A renamed field, a flipped optional or a missing code fails here.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "json-schema-to-typescript";

const root = new URL("../../", import.meta.url).pathname;
const schemaFolder = join(root, "docs/schema");
const handTypes = readFileSync(join(root, "wasm/types.d.ts"), "utf8");

/** Hand type ↔ [schema file, its generated type]. */
const pairs = {
  // Answers, exactly as written.
  Plan: ["plan", "Plan"],
  FieldChange: ["plan", "FieldChange"],
  Downgrade: ["plan", "Downgrade"],
  TaskOutcome: ["plan", "TaskOutcome"],
  AgentCheck: ["plan", "AgentCheck"],
  Reason: ["plan", "Reason"],
  Warning: ["plan", "Warning"],
  Deploy: ["plan", "Deploy"],
  Eligibility: ["eligibility", "Eligibility"],
  EntryEligibility: ["eligibility", "EntryEligibility"],
  Simulation: ["simulation", "Simulation"],
  Step: ["simulation", "Step"],
  Deployment: ["simulation", "Deployment"],
  Comparison: ["comparison", "Comparison"],
  CodeFieldChange: ["comparison", "CodeFieldChange"],
  RuntimeChange: ["comparison", "RuntimeChange"],
  Commits: ["comparison", "Commits"],
  Scenario: ["import", "Scenario"],
  PolicyOptions: ["import", "PolicyOptions"],
  AgentImageParts: ["agent-image", "AgentImageParts"],
  ResolvedOptions: ["resolved-options", "ResolvedOptions"],
  Rule: ["rules", "Rule"],
  // Inputs, as read.
  ScenarioInput: ["scenario", "Scenario"],
  TimelineInput: ["timeline", "Timeline"],
  TimelineEvent: ["timeline", "Event"],
};

/** The hand code unions ↔ codes.json's lists. */
const codeUnions = {
  ReasonCode: "ReasonCode", WarningCode: "WarningCode", ErrorCode: "ErrorCode", Verdict: "Verdict",
  Disposition: "Disposition", TaskFate: "TaskFate", EventKind: "EventKind", Profile: "Profile",
  DeployMechanism: "DeployMechanism", DeployType: "DeployType", DeployStatus: "DeployStatus", Role: "Role",
  'FieldChange["field"]': "Field", 'Downgrade["kind"]': "DowngradeKind", 'Downgrade["metadataErasure"]': "Likelihood",
  'AgentCheck["status"]': "AgentStatus", 'Step["outcome"]': "Outcome", Severity: "Severity", RuleId: "RuleId",
  Direction: "Direction", RuntimeChangeKind: "RuntimeChangeKind",
};

/** Writes the generated types and the checks into a fresh folder; returns tsc's run. */
async function check(hand) {
  const dir = mkdtempSync(join(tmpdir(), "types-drift-"));
  try {
    for (const name of new Set(Object.values(pairs).map(([file]) => file))) {
      const schema = JSON.parse(readFileSync(join(schemaFolder, `${name}.schema.json`), "utf8"));
      // An input's object without `additionalProperties: false` takes other keys (the
      // runtime catalogue ignores them); an answer holds only what the engine writes.
      const open = name === "scenario" || name === "timeline";
      const ts = await compile(schema, name, { bannerComment: "", additionalProperties: open, format: false });
      writeFileSync(join(dir, `${name}.ts`), ts);
    }
    const codes = JSON.parse(readFileSync(join(schemaFolder, "codes.json"), "utf8"));
    const codeTs = Object.entries(codes).map(([name, list]) => `export type ${name} = ${list.map((c) => JSON.stringify(c)).join(" | ")};`);
    writeFileSync(join(dir, "codes.ts"), codeTs.join("\n") + "\n");
    writeFileSync(join(dir, "hand.d.ts"), hand);
    const files = [...new Set(Object.values(pairs).map(([file]) => file))];
    const lines = [
      'import type * as Hand from "./hand.js";',
      'import type * as Codes from "./codes.js";',
      ...files.map((f) => `import type * as ${ident(f)} from "./${f}.js";`),
      "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
      "type Assert<T extends true> = T;",
      ...Object.entries(pairs).map(([hand, [file, gen]]) => `type Check_${hand} = Assert<Same<Hand.${hand}, ${ident(file)}.${gen}>>;`),
      ...Object.entries(codeUnions).map(([hand, list], i) => `type Code_${i}_${list} = Assert<Same<Hand.${hand}, Codes.${list}>>;`),
    ];
    writeFileSync(join(dir, "check.ts"), lines.join("\n") + "\n");
    const config = { compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "ES2022", moduleResolution: "bundler", skipLibCheck: false, exactOptionalPropertyTypes: false }, files: ["check.ts"] };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
    const run = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
    return { status: run.status, out: `${run.stdout}${run.stderr}`.replaceAll(dir, "<tmp>"), check: lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ident = (file) => file.replace(/-(\w)/g, (_, c) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase());

test("wasm/types.d.ts matches the Rust model: every type both ways, every code union exactly", async () => {
  const run = await check(handTypes);
  assert.equal(run.status, 0, `the hand types drifted from the Rust model:\n${run.out}`);
});

test("the drift check fails on a renamed field, a flipped optional and a missing code", async () => {
  const mutations = [
    ["isCurrent: boolean;", "isCurent: boolean;", "Check_EntryEligibility"],
    ["  history?: DeployInput[];", "  history: DeployInput[];", "Check_ScenarioInput"],
    [' | "deployTypeCannotChange";', ";", "ReasonCode"],
  ];
  for (const [from, to, name] of mutations) {
    assert.ok(handTypes.includes(from), `types.d.ts has ${from}`);
    const run = await check(handTypes.replace(from, to));
    assert.notEqual(run.status, 0, `${from} → ${to} went unnoticed`);
    const failing = run.out.split("\n").filter((l) => /error TS/.test(l));
    const lines = failing.map((l) => run.check[Number(/check\.ts\((\d+),/.exec(l)?.[1]) - 1] ?? l);
    assert.ok(lines.some((l) => l.includes(name)), `${from} → ${to}: expected ${name} to fail, got:\n${lines.join("\n")}`);
  }
});
