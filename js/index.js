// deploy-rollback: the package's entry point for browsers and bundlers (Node's is node.js,
// which loads the module and then re-exports this file).
//
// A thin hand-written layer over the bindings wasm-bindgen generates (deploy_rollback.js,
// left as generated): the same functions with the same answers, and clear errors where
// the bindings would fail obscurely:
// - any call before the module is loaded throws "call init() first" instead of
//   "Cannot read properties of undefined";
// - a PreparedScenario used after free() throws "this PreparedScenario was freed"
//   instead of "null pointer passed to rust", and free() twice does nothing;
// - fromAstroApi's `now` may be a Date, as a scenario's `now` may (JSON.stringify turns a
//   Date into its ISO text; the bindings take only a string for this argument).

import initBindings, * as bindings from './deploy_rollback.js';

let ready = false;
let loading = null;

/**
 * Loads the WebAssembly module, once: with no argument from `deploy_rollback_bg.wasm` beside
 * this file (a bundler that understands `new URL(…, import.meta.url)` copies it), or from
 * `{ module_or_path }`: a URL, a Response, bytes or a compiled WebAssembly.Module.
 */
export default function init(input) {
  if (!loading) {
    loading = initBindings(input).then(
      (exports) => {
        ready = true;
        return exports;
      },
      (error) => {
        loading = null; // a wrong path may be corrected: let the next call try again
        throw error;
      },
    );
  }
  return loading;
}

/** Loads the module synchronously from its bytes or a compiled WebAssembly.Module. */
export function initSync(module) {
  const exports = bindings.initSync(module);
  ready = true;
  loading = Promise.resolve(exports);
  return exports;
}

function loaded(name) {
  if (!ready) {
    throw new Error(
      `deploy-rollback: call init() first: ${name}() needs the WebAssembly module, which is not loaded yet. ` +
        'In a browser or a bundle, `await init()` once before any other call; in Node, import "deploy-rollback" (it loads the module itself).',
    );
  }
  return bindings;
}

const isDate = (value) => Object.prototype.toString.call(value) === '[object Date]';

/** A Date as RFC 3339 text (an invalid Date as text the engine refuses with invalidTimestamp). */
function timestamp(value) {
  if (!isDate(value)) return value;
  return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
}

export function checkEligibility(scenario) {
  return loaded('checkEligibility').checkEligibility(scenario);
}

export function planRollback(scenario, targetId, description) {
  return loaded('planRollback').planRollback(scenario, targetId, description);
}

export function compareEntries(scenario, fromId, toId) {
  return loaded('compareEntries').compareEntries(scenario, fromId, toId);
}

export function simulateTimeline(timeline) {
  return loaded('simulateTimeline').simulateTimeline(timeline);
}

export function compareRuntimeVersions(a, b) {
  return loaded('compareRuntimeVersions').compareRuntimeVersions(a, b);
}

export function parseAgentImage(ref) {
  return loaded('parseAgentImage').parseAgentImage(ref);
}

export function fromAstroApi(deployment, deploysPage, now) {
  return loaded('fromAstroApi').fromAstroApi(deployment, deploysPage, timestamp(now));
}

export function resolvedOptions(scenario) {
  return loaded('resolvedOptions').resolvedOptions(scenario);
}

export function exampleScenario() {
  return loaded('exampleScenario').exampleScenario();
}

export function engineVersion() {
  return loaded('engineVersion').engineVersion();
}

/** A scenario read once and kept in the module, for many questions about it. */
export class PreparedScenario {
  #inner;

  constructor(scenario) {
    this.#inner = new (loaded('new PreparedScenario').PreparedScenario)(scenario);
  }

  #live(name) {
    if (!this.#inner) {
      throw new Error(`deploy-rollback: this PreparedScenario was freed: ${name}() cannot be asked of it after free(). Prepare the scenario again.`);
    }
    return this.#inner;
  }

  checkEligibility() {
    return this.#live('checkEligibility').checkEligibility();
  }

  resolvedOptions() {
    return this.#live('resolvedOptions').resolvedOptions();
  }

  compareEntries(fromId, toId) {
    return this.#live('compareEntries').compareEntries(fromId, toId);
  }

  planRollback(targetId, description) {
    return this.#live('planRollback').planRollback(targetId, description);
  }

  /** Releases the module memory it holds; calling it again does nothing. */
  free() {
    const inner = this.#inner;
    this.#inner = null;
    if (inner) inner.free();
  }
}

if (typeof Symbol.dispose === 'symbol') {
  PreparedScenario.prototype[Symbol.dispose] = PreparedScenario.prototype.free;
}
