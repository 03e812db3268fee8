// The JS package in Node: the README example, errors, and parity with the CLI's --json
// for every scenario file of the core's suite. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pkg from "../../pkg/deploy_rollback.js";
import { asText, scenarioFiles } from "./scenario-files.mjs";

const root = new URL("../../", import.meta.url).pathname;
pkg.initSync({ module: readFileSync(join(root, "pkg/deploy_rollback_bg.wasm")) });
const cli = join(root, "target/release/deploy-rollback");

test("the README's JS example runs and prints the 8-November top entry", () => {
  const out = execFileSync(process.execPath, [join(root, "examples/node-example.mjs")], { encoding: "utf8" });
  assert.match(out, /verdict: allowed/);
  assert.match(out, /new top entry: 2023-11-08T13:00:00Z deploy-2023-11-06T14-00 2023-11-06T14:00:00\.0000000Z/);
  assert.match(out, /error unknownDeploy at target: No history entry has the id `d9`\.\n/);
  assert.match(out, /^warning \[D1\] Runtime downgrade: The Runtime goes down/m);
});

test("errors are Error objects with code and path, and the instance keeps answering", () => {
  const good = pkg.exampleScenario();
  const bad = structuredClone(good);
  bad.history[1].runtimeVersion = "９.1.0"; // full-width digit
  for (let i = 0; i < 5; i++) {
    assert.throws(() => pkg.checkEligibility(bad), (e) => {
      assert.ok(e instanceof Error);
      assert.equal(e.name, "InputError");
      assert.equal(e.code, "invalidRuntimeVersion");
      assert.equal(e.path, "history[1].runtimeVersion");
      assert.match(e.message, /^invalidRuntimeVersion at history\[1\]\.runtimeVersion: invalid runtime version/);
      assert.match(e.detail, /^Invalid runtime version `９\.1\.0`: .*\.$/);
      return true;
    });
    assert.equal(pkg.checkEligibility(good).entries.length, 3);
    assert.throws(() => pkg.planRollback(good, "d2", "x".repeat(501)), { code: "descriptionTooLong", path: "description" });
    assert.throws(() => pkg.checkEligibility(undefined), { code: "invalidJson" });
    assert.throws(() => pkg.checkEligibility("{not json"), { code: "invalidJson" });
    const cyclic = {}; cyclic.self = cyclic;
    assert.throws(() => pkg.checkEligibility(cyclic), { code: "invalidJson" });
    assert.throws(() => pkg.checkEligibility({ ...good, nwo: 1 }), { code: "unknownField", path: "nwo" });
    assert.equal(pkg.planRollback(good, "d2").verdict, "allowed");
  }
});

test("the package's functions throw InputError instances: code, path, a plain-sentence detail", async () => {
  const entry = await import("../../pkg/node.js");
  const { InputError } = entry;
  assert.equal(typeof InputError, "function");
  const good = entry.exampleScenario();
  const prepared = new entry.PreparedScenario(good);
  const bad = [
    [() => entry.checkEligibility({ ...good, now: "yesterday" }), "invalidTimestamp", "now"],
    [() => entry.planRollback(good, "d9"), "unknownDeploy", "target"],
    [() => entry.planRollback(good, 9), "invalidJson", "target"],
    [() => entry.simulateTimeline("{"), "invalidJson", ""],
    [() => entry.compareRuntimeVersions("9.1.0", "nine"), "invalidRuntimeVersion", "b"],
    [() => entry.parseAgentImage("agent:latest"), "invalidAgentImage", "ref"],
    [() => entry.fromAstroApi({ id: "dep-1", name: "etl" }, { deploys: [] }, "yesterday"), "invalidTimestamp", "now"],
    [() => entry.resolvedOptions({ ...good, options: { retentionDays: -1 } }), "invalidValue", "options.retentionDays"],
    [() => new entry.PreparedScenario({}), "missingField", "now"],
    [() => prepared.planRollback("d9"), "unknownDeploy", "target"],
    [() => prepared.planRollback("d2", "x".repeat(501)), "descriptionTooLong", "description"],
    [() => entry.compareEntries(good, "d1", "nope"), "unknownDeploy", "to"],
    [() => prepared.compareEntries(7, "d1"), "invalidJson", "from"],
    [() => entry.previousTarget({ ...good, now: "yesterday" }), "invalidTimestamp", "now"],
  ];
  for (const [call, code, path] of bad) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof InputError, `${code}: not an InputError`);
      assert.ok(e instanceof Error);
      assert.equal(e.name, "InputError");
      assert.equal(e.code, code);
      assert.equal(e.path, path);
      // A sentence of its own: a full stop, no code or path in front.
      assert.match(e.detail, /[.!?]$/, e.detail);
      assert.ok(!e.detail.startsWith(code), e.detail);
      // The message keeps its form for logs: CODE at PATH: what is wrong.
      assert.ok(e.message.startsWith(path ? `${code} at ${path}: ` : `${code}: `), e.message);
      assert.match(String(e.stack), /InputError/);
      return true;
    });
  }
  assert.throws(() => entry.planRollback(good, "d9"), { detail: "No history entry has the id `d9`." });
  prepared.free();
  // Misuse is not bad input: a plain Error.
  assert.throws(() => prepared.checkEligibility(), (e) => !(e instanceof InputError) && e instanceof Error);
  // The class can be made by hand, as tests of an app may.
  const made = new InputError("unknownDeploy at target: no", { code: "unknownDeploy", path: "target", detail: "No." });
  assert.deepEqual([made.name, made.code, made.path, made.detail, made.message], ["InputError", "unknownDeploy", "target", "No.", "unknownDeploy at target: no"]);
});

test("rules() is the engine's list of rules, the same as `deploy-rollback explain --json`", async () => {
  const entry = await import("../../pkg/node.js");
  const rules = entry.rules();
  const cli = JSON.parse(execFileSync(join(root, "target/release/deploy-rollback"), ["explain", "--json"], { encoding: "utf8" }));
  assert.deepEqual(rules, cli);
  assert.deepEqual(pkg.rules(), rules);
  const codes = JSON.parse(readFileSync(join(root, "docs/schema/codes.json"), "utf8"));
  assert.deepEqual(rules.map((r) => r.id), codes.RuleId);
  for (const rule of rules) {
    assert.deepEqual(Object.keys(rule), ["id", "section", "title", "summary"]);
    assert.ok(codes.RuleId.includes(rule.section), rule.id);
  }
  // Every rule an answer names is one of them.
  const ids = new Set(rules.map((r) => r.id));
  const plan = entry.planRollback(entry.exampleScenario(), "d2");
  for (const item of [...plan.reasons, ...plan.warnings, ...plan.runningTasks, ...plan.agents]) {
    assert.ok(ids.has(item.rule), item.rule);
  }
});

test("a PreparedScenario answers like the one-shot functions, for long texts too", () => {
  const example = pkg.exampleScenario();
  const prepared = new pkg.PreparedScenario(example);
  assert.deepEqual(prepared.checkEligibility(), pkg.checkEligibility(example));
  for (const target of ["d1", "d2", "d3"]) {
    assert.deepEqual(prepared.planRollback(target, "why"), pkg.planRollback(example, target, "why"));
  }
  for (const [from, to] of [["d3", "d1"], ["d1", "d3"], ["d2", "d2"]]) {
    assert.deepEqual(prepared.compareEntries(from, to), pkg.compareEntries(example, from, to));
  }
  assert.equal(prepared.previousTarget(), pkg.previousTarget(example));
  assert.equal(prepared.previousTarget(), "d2");
  assert.throws(() => prepared.planRollback("nope"), { code: "unknownDeploy", path: "target" });
  assert.throws(() => prepared.compareEntries("d1", "nope"), { code: "unknownDeploy", path: "to" });
  assert.throws(() => pkg.compareEntries(example, 7, "d1"), { code: "invalidJson", path: "from" });
  assert.equal(prepared.planRollback("d2").verdict, "allowed");
  prepared.free();
  assert.throws(() => prepared.checkEligibility(), /null pointer|destroyed|moved/);
  assert.throws(() => new pkg.PreparedScenario({ ...example, now: "yesterday" }), { code: "invalidTimestamp", path: "now" });
  // Texts over 4 KiB cross through TextEncoder: the same answer, non-ASCII included.
  const long = structuredClone(example);
  long.deployment.description = "Überwachung 🚀 ".repeat(400);
  const text = JSON.stringify(long);
  assert.ok(text.length > 4096);
  assert.equal(new pkg.PreparedScenario(text).checkEligibility().entries.length, 3);
  const bad = text.replace('"now":"2023-11-08T13:00:00Z"', '"now":"2023-11-08T13:00:00Z","nöw":1');
  assert.throws(() => pkg.checkEligibility(bad), { code: "unknownField", path: "nöw" });
});

test("outputs are plain JSON values: null rather than missing, no Map", () => {
  const plan = pkg.planRollback(pkg.exampleScenario(), "d2", null);
  assert.equal(plan.newEntry.description, null);
  assert.equal(Object.getPrototypeOf(plan), Object.prototype);
  assert.equal(pkg.compareRuntimeVersions("3.0.0", "3.0-1"), -1);
  const example = pkg.exampleScenario();
  assert.equal(example.options.retentionDays, 90);
  assert.equal(example.deployment.deployMechanism, "image");
  assert.ok(example.history.every((d) => d.rollbackOf === null && d.git !== undefined));
  assert.deepEqual(pkg.parseAgentImage("agent:4.0-python-3.12-astro-agent-2.0.0"), {
    repository: "agent", runtimeVersion: "4.0", pythonVersion: "3.12", agentVersion: "2.0.0", distro: null, isBase: false,
  });
});

const text = asText;

/** The JS answer: {ok} or {error: {code, path, detail}}. */
function viaJs(c) {
  try {
    const i = c.input;
    switch (c.call) {
      case "plan": return { ok: pkg.planRollback(text(i), c.target, c.description ?? null) };
      case "eligibility": return { ok: pkg.checkEligibility(text(i)) };
      case "simulate": return { ok: pkg.simulateTimeline(text(i)) };
      case "diff": return { ok: pkg.compareEntries(text(i), c.from, c.to) };
      case "compare": return { ok: pkg.compareRuntimeVersions(i.a, i.b) };
      case "agentImage": return { ok: pkg.parseAgentImage(i.ref) };
      case "import": return { ok: pkg.fromAstroApi(text(i.deployment), text(i.deploys), i.now) };
    }
  } catch (e) {
    return { error: { code: e.code, path: e.path, detail: e.detail } };
  }
  throw new Error(`unknown call ${c.call}`);
}

/** The CLI answer with --json, the same shape. */
function viaCli(c, dir) {
  const file = (name, v) => { const p = join(dir, name); writeFileSync(p, text(v)); return p; };
  const i = c.input;
  const args = {
    plan: () => ["plan", file("s.json", i), "--to", c.target, ...(c.description != null ? ["--description", c.description] : [])],
    eligibility: () => ["eligibility", file("s.json", i)],
    simulate: () => ["simulate", file("t.json", i)],
    diff: () => ["diff", file("s.json", i), c.from, c.to],
    compare: () => ["runtime", "compare", i.a, i.b],
    agentImage: () => ["runtime", "agent-image", i.ref],
    import: () => ["import", file("d.json", i.deployment), file("p.json", i.deploys), "--now", i.now],
  }[c.call]();
  const run = spawnSync(cli, [...args, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status === 0) return { ok: JSON.parse(run.stdout) };
  assert.equal(run.status, 2, `${c.call}: ${run.stderr}`);
  const { code, path, detail } = JSON.parse(run.stderr).error;
  return { error: { code, path, detail } };
}

test("for every scenario file, the JS answer equals the CLI's --json answer", () => {
  // One folder per section of docs/rules.md; each file is named by its path under it.
  const files = scenarioFiles();
  assert.ok(files.length >= 35, `only ${files.length} scenario files`);
  const dir = mkdtempSync(join(tmpdir(), "parity-"));
  let errors = 0;
  for (const [f, c] of files) {
    const js = viaJs(c);
    assert.deepEqual(js, viaCli(c, dir), `${f}: JS and CLI differ`);
    if (js.error) errors += 1;
  }
  assert.ok(errors > 5 && errors < files.length, `${errors} of ${files.length} were errors`);
});

test("previousTarget is the entry the CLI's plan takes without --to, for every scenario file", () => {
  const dir = mkdtempSync(join(tmpdir(), "previous-"));
  const seen = { target: 0, none: 0, error: 0 };
  for (const [f, c] of scenarioFiles()) {
    if (!["plan", "eligibility", "diff"].includes(c.call)) continue;
    const file = join(dir, "s.json");
    writeFileSync(file, text(c.input));
    let js;
    try {
      js = { ok: pkg.previousTarget(text(c.input)) };
    } catch (e) {
      js = { error: { code: e.code, path: e.path } };
    }
    const run = spawnSync(cli, ["plan", file, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
    const status = run.status === 2 ? JSON.parse(run.stderr).error : null;
    if (js.ok) {
      seen.target += 1;
      assert.notEqual(run.status, 2, `${f}: ${run.stderr}`);
      assert.equal(JSON.parse(run.stdout).target, js.ok, `${f}: the CLI's default target`);
    } else if (js.ok === null) {
      seen.none += 1;
      assert.deepEqual([status?.code, status?.path], ["usage", "--to"], `${f}: ${run.stderr}`);
    } else {
      seen.error += 1;
      assert.deepEqual({ code: status?.code, path: status?.path }, js.error, `${f}: the same error`);
    }
  }
  assert.ok(seen.target > 20 && seen.none > 0 && seen.error > 0, JSON.stringify(seen));
});

test("the eligibility answer names the current deploy; resolvedOptions tells the options in force", () => {
  const example = pkg.exampleScenario();
  const eligibility = pkg.checkEligibility(example);
  assert.deepEqual(Object.keys(eligibility), ["current", "entries"]);
  assert.equal(eligibility.current, "d3");
  assert.equal(eligibility.entries.find((e) => e.isCurrent).id, eligibility.current);
  const failedOnly = { ...example, history: example.history.map((d) => ({ ...d, status: "failed" })) };
  assert.equal(pkg.checkEligibility(failedOnly).current, null);
  assert.deepEqual(pkg.resolvedOptions(example), {
    retentionDays: 90, privateCloudMinimumRuntime: "5.0.0", airflow2MinimumTarget: "5.0.0",
    unsupportedRuntimeRange: { from: "3.0-1", to: "3.1-1" }, installationRollbacksEnabled: true,
    taskGracePeriodHours: 24, maxDescriptionChars: 500,
  });
  const custom = { ...example, options: { retentionDays: 30, unsupportedRuntimeRange: null, taskGracePeriodHours: 6 } };
  const prepared = new pkg.PreparedScenario(custom);
  assert.deepEqual(prepared.resolvedOptions(), pkg.resolvedOptions(JSON.stringify(custom)));
  assert.equal(prepared.resolvedOptions().retentionDays, 30);
  assert.equal(prepared.resolvedOptions().unsupportedRuntimeRange, null);
  assert.equal(prepared.resolvedOptions().taskGracePeriodHours, 6);
  assert.deepEqual(prepared.checkEligibility(), pkg.checkEligibility(custom));
  prepared.free();
  assert.throws(() => pkg.resolvedOptions({ ...example, options: { retentionDays: -1 } }), { path: "options.retentionDays" });
  // The limit is counted as Rust counts: Unicode scalar values, not UTF-16 units.
  const emoji = "🚀".repeat(500);
  assert.equal(emoji.length, 1000);
  assert.equal(pkg.planRollback(example, "d2", emoji).newEntry.description, emoji);
  assert.throws(() => pkg.planRollback(example, "d2", `${emoji}x`), { code: "descriptionTooLong" });
});

test("the package's entry points: Node needs no init; misuse says what to do", async () => {
  const entry = await import("../../pkg/node.js");
  // No init call: the node entry read the module from disk.
  assert.equal(entry.planRollback(entry.exampleScenario(), "d2").verdict, "allowed");
  await entry.default(); // init() where the module is loaded already: resolves, changes nothing
  const prepared = new entry.PreparedScenario(entry.exampleScenario());
  assert.equal(prepared.checkEligibility().current, "d3");
  prepared.free();
  prepared.free(); // twice: nothing happens
  for (const ask of [() => prepared.checkEligibility(), () => prepared.planRollback("d2"), () => prepared.resolvedOptions(), () => prepared.compareEntries("d1", "d2")]) {
    assert.throws(ask, (e) => e instanceof Error && /this PreparedScenario was freed/.test(e.message) && !/null pointer/.test(e.message));
  }
  // fromAstroApi takes a Date for `now`, as a scenario's `now` may be one (JSON.stringify).
  const when = new Date("2023-11-08T13:00:00Z");
  const deployment = { id: "dep-1", name: "etl" };
  const deploys = { deploys: [{ id: "d1", createdAt: "2023-11-06T14:00:00Z", type: "IMAGE_AND_DAG", status: "DEPLOYED", astroRuntimeVersion: "9.1.0", imageTag: "t" }] };
  assert.equal(entry.fromAstroApi(deployment, deploys, when).now, "2023-11-08T13:00:00Z");
  assert.deepEqual(entry.fromAstroApi(deployment, deploys, when), entry.fromAstroApi(deployment, deploys, "2023-11-08T13:00:00Z"));
  assert.equal(entry.checkEligibility({ ...entry.exampleScenario(), now: when }).entries.length, 3);
  assert.throws(() => entry.fromAstroApi(deployment, deploys, new Date("not a date")), { code: "invalidTimestamp", path: "now" });
  // Before the module is loaded (the browsers' entry point, in a fresh process).
  const script = `
    const m = await import(${JSON.stringify(new URL("../../pkg/index.js", import.meta.url).href)});
    for (const call of [() => m.planRollback({}, "d1"), () => m.engineVersion(), () => new m.PreparedScenario({})]) {
      try { call(); console.log("no error"); } catch (e) { console.log(e.message); }
    }`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  const lines = out.trim().split("\n");
  assert.equal(lines.length, 3);
  for (const line of lines) {
    assert.match(line, /call init\(\) first/);
    assert.doesNotMatch(line, /Cannot read properties/);
  }
});

test("a byte-order mark before a JSON text is skipped, as the CLI and the Rust readers skip it", () => {
  const bom = "\uFEFF";
  const scenario = JSON.stringify(pkg.exampleScenario());
  assert.deepEqual(pkg.planRollback(bom + scenario, "d2", "back"), pkg.planRollback(scenario, "d2", "back"));
  const deployment = '{"id": "dep-1", "name": "etl", "astroRuntimeVersion": "12.4.0"}';
  const page = '{"deploys": [{"id": "d1", "createdAt": "2023-11-06T14:00:00Z", "type": "IMAGE_AND_DAG", "status": "DEPLOYED", "imageTag": "img-1"}]}';
  const imported = pkg.fromAstroApi(bom + deployment, bom + page, "2023-11-08T13:00:00Z");
  assert.deepEqual(imported, pkg.fromAstroApi(deployment, page, "2023-11-08T13:00:00Z"));
  assert.deepEqual(pkg.fromAstroApi(deployment, `${bom}[${page}]`, "2023-11-08T13:00:00Z").history, imported.history);
  // One mark only.
  assert.throws(() => pkg.planRollback(bom + bom + scenario, "d2"), { code: "invalidJson" });
});
