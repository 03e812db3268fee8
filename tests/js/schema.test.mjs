// The JSON Schemas of docs/schema/ (generated from the Rust types) against real documents:
// every scenario file's input, every answer the JS package gives for them, the example
// documents, and a scenario that names its schema with `$schema`. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import * as pkg from "../../pkg/deploy_rollback.js";
import { asText, scenarioFiles } from "./scenario-files.mjs";

const root = new URL("../../", import.meta.url).pathname;
pkg.initSync({ module: readFileSync(join(root, "pkg/deploy_rollback_bg.wasm")) });

const schemaFolder = join(root, "docs/schema");
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
// schemars's formats for Rust integers: the bounds are in `minimum`/`maximum` already.
for (const format of ["uint", "uint32"]) ajv.addFormat(format, { type: "number", validate: Number.isInteger });
const schemas = {};
for (const file of readdirSync(schemaFolder).filter((f) => f.endsWith(".schema.json"))) {
  const schema = JSON.parse(readFileSync(join(schemaFolder, file), "utf8"));
  schemas[file.replace(".schema.json", "")] = ajv.compile(schema);
}

/** Fails with ajv's errors when `value` does not match the schema `name`. */
function valid(name, value, what) {
  const validate = schemas[name];
  assert.ok(validate, `no schema ${name}`);
  assert.ok(validate(value), `${what} does not match ${name}.schema.json: ${ajv.errorsText(validate.errors, { separator: "\n" })}`);
}

const text = asText;

/** The input's schema and the answer's, and the JS package's answer (or its error). */
const calls = {
  plan: (c) => ["scenario", "plan", () => pkg.planRollback(text(c.input), c.target, c.description ?? null)],
  eligibility: (c) => ["scenario", "eligibility", () => pkg.checkEligibility(text(c.input))],
  simulate: (c) => ["timeline", "simulation", () => pkg.simulateTimeline(text(c.input))],
  diff: (c) => ["scenario", "comparison", () => pkg.compareEntries(text(c.input), c.from, c.to)],
  agentImage: (c) => [null, "agent-image", () => pkg.parseAgentImage(c.input.ref)],
  import: (c) => [null, "import", () => pkg.fromAstroApi(text(c.input.deployment), text(c.input.deploys), c.input.now)],
  compare: () => [null, null, null],
};

test("every accepted input of the scenario files matches its schema, and every answer the package gives matches the answer's", () => {
  const files = scenarioFiles();
  assert.ok(files.length >= 35, `only ${files.length} scenario files`);
  const errorCodes = JSON.parse(readFileSync(join(schemaFolder, "codes.json"), "utf8")).ErrorCode;
  const checked = { inputs: 0, answers: 0 };
  for (const [file, c] of files) {
    assert.ok(calls[c.call], `${file}: unknown call ${c.call}`);
    const [input, answer, ask] = calls[c.call](c);
    if (!ask) continue;
    if (c.expect !== undefined && input) {
      valid(input, typeof c.input === "string" ? JSON.parse(c.input) : c.input, `${file}'s input`);
      checked.inputs += 1;
    }
    let got;
    try {
      got = ask();
    } catch (e) {
      assert.ok(errorCodes.includes(e.code), `${file}: ${e.code} is not in codes.json`);
      continue;
    }
    valid(answer, got, `${file}'s answer`);
    checked.answers += 1;
  }
  assert.ok(checked.inputs > 100 && checked.answers > 100, JSON.stringify(checked));
});

test("the examples, the example scenario and the resolved options match their schemas", () => {
  const example = pkg.exampleScenario();
  valid("import", example, "exampleScenario()");
  valid("scenario", example, "exampleScenario() as an input");
  valid("resolved-options", pkg.resolvedOptions(example), "resolvedOptions()");
  valid("scenario", JSON.parse(readFileSync(join(root, "examples/november-8.json"), "utf8")), "examples/november-8.json");
  const timeline = JSON.parse(readFileSync(join(root, "examples/november-8-timeline.json"), "utf8"));
  valid("timeline", timeline, "examples/november-8-timeline.json");
  valid("simulation", pkg.simulateTimeline(timeline), "its simulation");
  valid("plan", JSON.parse(readFileSync(join(root, "tests/golden/november-8-plan.json"), "utf8")), "the golden plan");
  valid("simulation", JSON.parse(readFileSync(join(root, "tests/golden/november-8-simulation.json"), "utf8")), "the golden simulation");
});

test("a scenario that names its schema with $schema is valid, reads as without it, and refuses other unknown keys", () => {
  const example = pkg.exampleScenario();
  const named = { $schema: "../docs/schema/scenario.schema.json", ...example };
  valid("scenario", named, "a scenario with $schema");
  assert.deepEqual(pkg.checkEligibility(named), pkg.checkEligibility(example));
  assert.deepEqual(pkg.planRollback(named, "d2"), pkg.planRollback(example, "d2"));
  assert.throws(() => pkg.checkEligibility({ ...named, $schema: 1 }), { code: "invalidJson", path: "$schema" });
  // The schema refuses what the engine refuses: an unknown key, a missing required one, a
  // code that does not exist.
  assert.equal(schemas.scenario({ ...named, nwo: 1 }), false);
  assert.throws(() => pkg.checkEligibility({ ...named, nwo: 1 }), { code: "unknownField", path: "nwo" });
  const { now: _, ...noNow } = example;
  assert.equal(schemas.scenario(noNow), false);
  assert.equal(schemas.scenario({ ...example, profile: "astroSomething" }), false);
  const noImageTag = structuredClone(example);
  delete noImageTag.history[0].imageTag;
  assert.equal(schemas.scenario(noImageTag), false);
  assert.throws(() => pkg.checkEligibility(noImageTag), { code: "missingField" });
  // A timeline names its schema the same way.
  const timeline = JSON.parse(readFileSync(join(root, "examples/november-8-timeline.json"), "utf8"));
  assert.equal(typeof timeline.$schema, "string");
  const { $schema: __, ...bare } = timeline;
  assert.deepEqual(pkg.simulateTimeline(timeline), pkg.simulateTimeline(bare));
});
