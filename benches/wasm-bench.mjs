// WebAssembly benchmarks in Node: the three operations through the JS API of pkg/, over
// the same generated inputs as the native half (benches/engine.rs), with the same method.
// Run by `make bench` (scripts/bench.sh); alone, after `scripts/build-pkg.sh` and the
// generator:
//
//   node --expose-gc benches/wasm-bench.mjs [--quick] [--inputs DIR] [--out FILE] [--pkg DIR]
//                                           [--filter NAME]
//
// `--filter` runs only the cases named NAME or under it (`planRollback`,
// `planRollback/prepared`, `planRollback/string/1000`) and writes no results: for
// comparing modules or profiling one case (node --cpu-prof).
//
// Every call goes through the public API, so it pays the whole boundary. The one-shot
// functions pay all of it: the argument turned into JSON text (JSON.stringify for an
// object, nothing for a string), the text copied into the module's memory, parsed, the
// operation, the answer serialized, copied out and JSON.parse'd. Each operation is timed
// with an object argument (`object`, what an application holds) and with the JSON text
// (`string`, what a file or a fetch gives).
//
// `prepared` (checkEligibility and planRollback): one `PreparedScenario`, built from the
// object before the timed loop and freed after it, asked `checkEligibility()` or
// `planRollback(target, description)`: the operation and the answer crossing back, not
// the reading of the scenario. `prepareScenario` times that reading alone, from the
// object and from the text: `new PreparedScenario(input)` and its `free()` (without the
// free, every call would keep a whole scenario in the module's memory). PreparedScenario
// is beyond the v1 contract (the one-shot functions).
//
// Method: warm up, pick a batch size so that one timed sample lasts at least 200 µs, take
// samples until the time budget is spent (within a minimum and maximum count), report the
// median time per call and the 10th and 90th percentiles. A call that throws fails the
// run, and every answer is checked against what the generator saw the native engine say.
//
// `--peak-memory OP` runs one operation once on the largest history, from its JSON text,
// in this (fresh) process and prints the module's memory size and Node's memory figures.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const quick = argv.includes("--quick");
const inputs = resolve(root, option("--inputs", "target/bench-inputs"));
const out = resolve(root, option("--out", "target/bench-results/wasm.json"));
const pkgDir = resolve(root, option("--pkg", "pkg"));
const filter = option("--filter", null);
const wanted = (op, variant, size) => {
  const name = `${op}/${variant}/${size}`;
  return filter === null || name === filter || name.startsWith(`${filter}/`);
};

const FULL = { warmUpMs: 300, measureMs: 1500, minSamples: 5, maxSamples: 201 };
const QUICK = { warmUpMs: 30, measureMs: 150, minSamples: 3, maxSamples: 21 };
const MIN_SAMPLE_NS = 200_000;

const api = await import(pathToFileURL(join(pkgDir, "deploy_rollback.js")).href);
const exports = api.initSync({ module: readFileSync(join(pkgDir, "deploy_rollback_bg.wasm")) });
const manifest = JSON.parse(readFileSync(join(inputs, "manifest.json"), "utf8"));
const now = () => process.hrtime.bigint();
const sink = [];

function measure(budget, call) {
  globalThis.gc?.();
  const warmStart = now();
  let warmCalls = 0;
  while (warmCalls === 0 || Number(now() - warmStart) < budget.warmUpMs * 1e6) {
    sink[0] = call();
    warmCalls += 1;
  }
  const perCall = Number(now() - warmStart) / warmCalls;
  const batch = perCall > 0 ? Math.min(100_000, Math.floor(MIN_SAMPLE_NS / perCall)) + 1 : 1000;
  const times = [];
  const start = now();
  while (
    times.length < budget.minSamples ||
    (times.length < budget.maxSamples && Number(now() - start) < budget.measureMs * 1e6)
  ) {
    const sample = now();
    for (let i = 0; i < batch; i++) sink[0] = call();
    times.push(Number(now() - sample) / batch);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.round((times.length - 1) * q)];
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), samples: times.length, batch };
}

function check(what, actual, expected) {
  if (actual !== expected) {
    throw new Error(`${what}: the WebAssembly engine says ${actual}, the native one said ${expected}`);
  }
}

function peakRss() {
  const status = readFileSync("/proc/self/status", "utf8");
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

function peakMemory(op) {
  const largest = manifest.histories.reduce((a, b) => (b.entries > a.entries ? b : a));
  const startWasmBytes = exports.memory.buffer.byteLength;
  const text = readFileSync(join(inputs, largest.file), "utf8");
  const answer =
    op === "plan"
      ? api.planRollback(text, largest.target, largest.description)
      : api.checkEligibility(text);
  check(`${op} of ${largest.entries} entries`, op === "plan" ? answer.verdict : answer.entries.length,
    op === "plan" ? largest.verdict : largest.entries);
  const usage = process.memoryUsage();
  console.log(JSON.stringify({
    op,
    entries: largest.entries,
    inputBytes: Buffer.byteLength(text),
    startWasmBytes,
    wasmMemoryBytes: exports.memory.buffer.byteLength,
    rssBytes: usage.rss,
    peakRssBytes: peakRss(),
    heapUsedBytes: usage.heapUsed,
    externalBytes: usage.external,
  }));
}

function bench() {
  const budget = quick ? QUICK : FULL;
  const results = [];
  const record = (op, variant, size, unit, bytes, call) => {
    if (!wanted(op, variant, size)) return;
    const stats = measure(budget, call);
    console.error(
      `wasm   ${op.padEnd(16)} ${variant.padEnd(8)} ${String(size).padStart(7)} ${unit.padEnd(7)} ` +
        `median ${(stats.median / 1e3).toFixed(1).padStart(12)} µs  (p10 ${(stats.p10 / 1e3).toFixed(1)}, ` +
        `p90 ${(stats.p90 / 1e3).toFixed(1)}; ${stats.samples} samples × ${stats.batch})`,
    );
    results.push({ op, variant, size, unit, inputBytes: bytes, medianNs: stats.median, p10Ns: stats.p10,
      p90Ns: stats.p90, samples: stats.samples, batch: stats.batch });
  };
  const anyWanted = (ops, size) =>
    ops.some((op) => ["object", "string", "prepared"].some((variant) => wanted(op, variant, size)));
  for (const h of manifest.histories) {
    if (!anyWanted(["checkEligibility", "planRollback", "prepareScenario"], h.entries)) continue;
    const text = readFileSync(join(inputs, h.file), "utf8");
    const object = JSON.parse(text);
    const eligible = (answer) => answer.entries.filter((e) => e.eligible).length;
    check(`checkEligibility of ${h.entries} entries`, eligible(api.checkEligibility(object)), h.eligible);
    check(`planRollback of ${h.entries} entries`, api.planRollback(text, h.target, h.description).verdict, h.verdict);
    for (const [variant, input] of [["object", object], ["string", text]]) {
      record("checkEligibility", variant, h.entries, "entries", text.length,
        () => api.checkEligibility(input).entries.length);
      record("planRollback", variant, h.entries, "entries", text.length,
        () => api.planRollback(input, h.target, h.description).steps.length);
    }
    // Read once, asked many times: the construction stays outside the timed loop.
    if (["checkEligibility", "planRollback"].some((op) => wanted(op, "prepared", h.entries))) {
      const prepared = new api.PreparedScenario(object);
      try {
        check(`prepared checkEligibility of ${h.entries} entries`, eligible(prepared.checkEligibility()), h.eligible);
        check(`prepared planRollback of ${h.entries} entries`,
          prepared.planRollback(h.target, h.description).verdict, h.verdict);
        record("checkEligibility", "prepared", h.entries, "entries", text.length,
          () => prepared.checkEligibility().entries.length);
        record("planRollback", "prepared", h.entries, "entries", text.length,
          () => prepared.planRollback(h.target, h.description).steps.length);
      } finally {
        prepared.free();
      }
    }
    // The reading alone: what a PreparedScenario costs before its first question.
    for (const [variant, input] of [["object", object], ["string", text]]) {
      if (!wanted("prepareScenario", variant, h.entries)) continue;
      const once = new api.PreparedScenario(input);
      try {
        check(`planRollback of ${h.entries} entries prepared from the ${variant}`,
          once.planRollback(h.target, h.description).verdict, h.verdict);
      } finally {
        once.free();
      }
      record("prepareScenario", variant, h.entries, "entries", text.length, () => {
        const p = new api.PreparedScenario(input);
        p.free();
        return p;
      });
    }
  }
  for (const t of manifest.timelines) {
    if (!anyWanted(["simulateTimeline"], t.events)) continue;
    const text = readFileSync(join(inputs, t.file), "utf8");
    const object = JSON.parse(text);
    const rollbacks = (answer) => answer.steps.filter((s) => s.plan !== null).length;
    check(`simulateTimeline of ${t.events} events`, rollbacks(api.simulateTimeline(object)), t.rollbacks);
    check(`history after ${t.events} events`, api.simulateTimeline(text).history.length, t.historyAfter);
    for (const [variant, input] of [["object", object], ["string", text]]) {
      record("simulateTimeline", variant, t.events, "events", text.length,
        () => api.simulateTimeline(input).steps.length);
    }
  }

  if (filter !== null) return;

  // Calibration: what the JS side of the boundary costs on this machine, with no
  // WebAssembly at all: JSON.stringify of the 10-entry scenario (the object argument) and
  // JSON.parse of its plan's JSON text (the answer).
  const small = manifest.histories.reduce((a, b) => (b.entries < a.entries ? b : a));
  const smallText = readFileSync(join(inputs, small.file), "utf8");
  const smallObject = JSON.parse(smallText);
  const answerText = JSON.stringify(api.planRollback(smallText, small.target, small.description));
  const calibration = {
    entries: small.entries,
    stringifyScenarioNs: measure(budget, () => JSON.stringify(smallObject).length).median,
    parsePlanNs: measure(budget, () => JSON.parse(answerText).verdict).median,
    planBytes: answerText.length,
  };
  console.error(`js     calibration: ${JSON.stringify(calibration)}`);

  // Peak memory: a fresh process per operation, since a module's memory never shrinks.
  const memory = [];
  for (const op of ["plan", "eligibility"]) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--peak-memory", op,
      "--inputs", inputs, "--pkg", pkgDir], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`peak-memory run failed: ${child.stderr}`);
    const value = JSON.parse(child.stdout);
    console.error(`wasm   peak memory, ${op} from JSON text: ${JSON.stringify(value)}`);
    memory.push(value);
  }

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ quick, results, peakMemory: memory, calibration }, null, 2));
  console.error(`wasm results written to ${out}`);
}

const peak = option("--peak-memory", null);
if (peak) peakMemory(peak);
else bench();
