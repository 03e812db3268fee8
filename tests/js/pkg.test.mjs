// The JS package in Node: the README example, errors, and parity with the CLI's --json
// for every scenario file of the core's suite. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pkg from "../../pkg/deploy_rollback.js";

const root = new URL("../../", import.meta.url).pathname;
pkg.initSync({ module: readFileSync(join(root, "pkg/deploy_rollback_bg.wasm")) });
const cli = join(root, "target/release/deploy-rollback");

test("the README's JS example runs and prints the 8-November top entry", () => {
  const out = execFileSync(process.execPath, [join(root, "examples/node-example.mjs")], { encoding: "utf8" });
  assert.match(out, /verdict: allowed/);
  assert.match(out, /new top entry: 2023-11-08T13:00:00Z deploy-2023-11-06T14-00 2023-11-06T14:00:00\.0000000Z/);
  assert.match(out, /error unknownDeploy at target/);
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

test("a PreparedScenario answers like the one-shot functions, for long texts too", () => {
  const example = pkg.exampleScenario();
  const prepared = new pkg.PreparedScenario(example);
  assert.deepEqual(prepared.checkEligibility(), pkg.checkEligibility(example));
  for (const target of ["d1", "d2", "d3"]) {
    assert.deepEqual(prepared.planRollback(target, "why"), pkg.planRollback(example, target, "why"));
  }
  assert.throws(() => prepared.planRollback("nope"), { code: "unknownDeploy", path: "target" });
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

/** `{"$repeat": [text, n]}` → text repeated n times, as the Rust scenario runner reads it. */
function expand(value) {
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$repeat") return value.$repeat[0].repeat(value.$repeat[1]);
    return Object.fromEntries(keys.map((k) => [k, expand(value[k])]));
  }
  return value;
}

const text = (v) => (typeof v === "string" ? v : JSON.stringify(v));

/** The JS answer: {ok} or {error: {code, path}}. */
function viaJs(c) {
  try {
    const i = c.input;
    switch (c.call) {
      case "plan": return { ok: pkg.planRollback(text(i), c.target, c.description ?? null) };
      case "eligibility": return { ok: pkg.checkEligibility(text(i)) };
      case "simulate": return { ok: pkg.simulateTimeline(text(i)) };
      case "compare": return { ok: pkg.compareRuntimeVersions(i.a, i.b) };
      case "agentImage": return { ok: pkg.parseAgentImage(i.ref) };
      case "import": return { ok: pkg.fromAstroApi(text(i.deployment), text(i.deploys), i.now) };
    }
  } catch (e) {
    return { error: { code: e.code, path: e.path } };
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
    compare: () => ["runtime", "compare", i.a, i.b],
    agentImage: () => ["runtime", "agent-image", i.ref],
    import: () => ["import", file("d.json", i.deployment), file("p.json", i.deploys), "--now", i.now],
  }[c.call]();
  const run = spawnSync(cli, [...args, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status === 0) return { ok: JSON.parse(run.stdout) };
  assert.equal(run.status, 2, `${c.call}: ${run.stderr}`);
  const { code, path } = JSON.parse(run.stderr).error;
  return { error: { code, path } };
}

test("for every scenario file, the JS answer equals the CLI's --json answer", () => {
  const folder = join(root, "tests/scenarios");
  const files = readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
  assert.ok(files.length >= 35, `only ${files.length} scenario files`);
  const dir = mkdtempSync(join(tmpdir(), "parity-"));
  let errors = 0;
  for (const f of files) {
    const c = expand(JSON.parse(readFileSync(join(folder, f), "utf8")));
    const js = viaJs(c);
    assert.deepEqual(js, viaCli(c, dir), `${f}: JS and CLI differ`);
    if (js.error) errors += 1;
  }
  assert.ok(errors > 5 && errors < files.length, `${errors} of ${files.length} were errors`);
});
