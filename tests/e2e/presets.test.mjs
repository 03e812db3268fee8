// The demo's presets (www/presets/*.json) checked against the engine itself, in Node: each
// preset's target gets the verdict and reasons the preset promises, and the 8-November preset
// is the engine's own example. Run with `node --test tests/e2e/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkgJs = `${root}pkg/deploy_rollback.js`;
const pkgWasm = `${root}pkg/deploy_rollback_bg.wasm`;
const presetsDir = `${root}www/presets/`;

if (!existsSync(pkgJs) || !existsSync(pkgWasm)) {
  throw new Error('pkg/ is missing: build it with scripts/build-pkg.sh first');
}

const engine = await import(pkgJs);
engine.initSync({ module: readFileSync(pkgWasm) });

const index = JSON.parse(readFileSync(`${presetsDir}index.json`, 'utf8'));
const load = (file) => JSON.parse(readFileSync(`${presetsDir}${file}`, 'utf8'));

test('the preset list names existing files, each once', () => {
  assert.ok(index.presets.length >= 6);
  const files = index.presets.map((p) => p.file);
  assert.equal(new Set(files).size, files.length);
  for (const file of files) assert.ok(existsSync(`${presetsDir}${file}`), file);
});

for (const { file } of index.presets) {
  test(`preset ${file}: the engine's verdict is the one the preset promises`, () => {
    const preset = load(file);
    for (const key of ['title', 'summary', 'target', 'expect', 'scenario']) assert.ok(key in preset, `${file} has ${key}`);
    const plan = engine.planRollback(preset.scenario, preset.target, preset.description ?? null);
    assert.equal(plan.verdict, preset.expect.verdict);
    assert.deepEqual(plan.reasons.map((r) => r.code), preset.expect.reasons);
    // What the demo shows first: the preset's target is in the history and the scenario is valid.
    const eligibility = engine.checkEligibility(preset.scenario);
    assert.ok(eligibility.entries.some((e) => e.id === preset.target));
  });
}

test('the issue asks for these stories: each one is a preset with its verdict', () => {
  const byFile = Object.fromEntries(index.presets.map((p) => [p.file, load(p.file)]));
  const plan = (file) => {
    const p = byFile[file];
    return engine.planRollback(p.scenario, p.target, p.description);
  };
  // A downgrade with running tasks, one of them with retries.
  const down = plan('downgrade-running-tasks.json');
  assert.ok(down.downgrade);
  assert.ok(down.runningTasks.some((t) => t.outcome === 'failsThenRetries'));
  assert.ok(down.runningTasks.some((t) => t.outcome === 'fails'));
  // A Remote Execution agent that must be reverted first.
  const agent = plan('remote-execution-agent.json');
  assert.equal(agent.verdict, 'actionRequired');
  assert.ok(agent.agents.some((a) => a.status === 'incompatible'));
  // Airflow 3 → 2: blocked from 3.0-5, allowed from 3.1-2 to 12.4.0.
  const blocked = plan('airflow3-to-2-blocked.json');
  assert.equal(blocked.verdict, 'blocked');
  assert.deepEqual(blocked.reasons.map((r) => r.code), ['unsupportedRuntimeRange']);
  assert.equal(blocked.downgrade.from, '3.0-5');
  const allowed = plan('airflow3-to-2-allowed.json');
  assert.equal(allowed.verdict, 'allowed');
  assert.deepEqual([allowed.downgrade.from, allowed.downgrade.to, allowed.downgrade.kind], ['3.1-2', '12.4.0', 'airflowMajor']);
  // Private Cloud, an actor without the push permissions.
  const denied = plan('private-cloud-permission-denied.json');
  assert.equal(byFile['private-cloud-permission-denied.json'].scenario.profile, 'astroPrivateCloud');
  assert.deepEqual(denied.reasons.map((r) => r.code), ['permissionDenied']);
});

test("the 8-November preset is the engine's built-in example", () => {
  const preset = load('november-8.json');
  assert.deepEqual(engine.checkEligibility(preset.scenario), engine.checkEligibility(engine.exampleScenario()));
  const fromPreset = engine.planRollback(preset.scenario, 'd2', 'x');
  const fromEngine = engine.planRollback(engine.exampleScenario(), 'd2', 'x');
  assert.deepEqual(fromPreset, fromEngine);
  assert.equal(preset.scenario.now, '2023-11-08T13:00:00Z');
});

test('the sample Astro API responses import, as real responses come', () => {
  const deployment = readFileSync(`${presetsDir}api/deployment.json`, 'utf8');
  const deploys = readFileSync(`${presetsDir}api/deploys.json`, 'utf8');
  // The sample holds what real responses hold: a BUNDLE deploy (astro dbt deploy), Deploys
  // that name no Runtime, and a list that comes back as null.
  const raw = JSON.parse(deploys).deploys;
  assert.ok(raw.some((d) => d.type === 'BUNDLE'));
  assert.ok(raw.some((d) => !('astroRuntimeVersion' in d)));
  assert.ok(raw.some((d) => d.bundles === null));
  const scenario = engine.fromAstroApi(deployment, deploys, '2024-11-21T12:00:00Z');
  assert.deepEqual(
    scenario.history.map((d) => [d.id, d.type, d.runtimeVersion]),
    [
      ['cldp0006', 'dbt', '12.4.0'],
      ['cldp0005', 'dagsOnly', '12.4.0'],
      ['cldp0004', 'imageAndDags', '12.4.0'],
      ['cldp0003', 'imageOnly', '12.3.0'],
      ['cldp0002', 'imageAndDags', '12.1.0'],
      ['cldp0001', 'imageAndDags', '11.8.0'],
    ],
  );
  // The Dag-only deploy keeps the dbt bundle in place, so a rollback to it takes marts
  // back from v12 to v7 rather than deleting it.
  const bundles = (id) => scenario.history.find((d) => d.id === id).dbtBundles;
  assert.deepEqual(bundles('cldp0005'), [{ name: '/usr/local/airflow/dbt/marts', version: 'v7' }]);
  const change = engine.planRollback(scenario, 'cldp0005', 'back').fields.find((c) => c.field === 'dbtBundles');
  assert.ok(change, 'the plan shows the dbt bundles');
  const marts = (version) => [{ name: '/usr/local/airflow/dbt/marts', version }];
  assert.deepEqual([change.current, change.target, change.changes], [marts('v12'), marts('v7'), true]);
  const entries = engine.checkEligibility(scenario).entries;
  assert.deepEqual(
    entries.map((e) => [e.id, e.eligible]),
    [['cldp0006', true], ['cldp0005', true], ['cldp0004', true], ['cldp0003', false], ['cldp0002', true], ['cldp0001', false]],
  );
});
