// The 8-November example through the JS package, in Node: the README's JS usage example.
// Run from the repository root after building pkg/:  node examples/node-example.mjs
// (An installed package is imported as "deploy-rollback"; its Node entry point, pkg/node.js,
// loads the WebAssembly module itself: no init call.)
import { exampleScenario, planRollback, simulateTimeline, InputError } from "../pkg/node.js";

const scenario = exampleScenario(); // deploys of 1, 6 and 7 Nov 2023; now = 8 Nov 13:00 UTC
const plan = planRollback(scenario, "d2", "Roll back to the 6 Nov deploy");
console.log(`verdict: ${plan.verdict}`);
for (const w of plan.warnings) console.log(`${w.severity} [${w.rule}] ${w.title}: ${w.message}`);
console.log("new top entry:", plan.newEntry.createdAt, plan.newEntry.imageTag, plan.newEntry.dagBundleVersion);

const { now, ...start } = scenario;
const after = simulateTimeline({ ...start, events: [{ at: now, kind: "rollback", to: "d2", description: "back to 6 Nov" }] });
console.log("history afterwards:", after.history.map((d) => `${d.id} ${d.createdAt} ${d.imageTag}`).join(" | "));

try {
  planRollback(scenario, "d9");
} catch (e) {
  if (!(e instanceof InputError)) throw e;
  console.log(`error ${e.code} at ${e.path}: ${e.detail}`); // No history entry has the id `d9`.
}
