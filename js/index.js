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
//   Date into its ISO text; the bindings take only a string for this argument);
// - bad input throws an instance of the exported InputError class (the bindings throw an
//   Error named "InputError" with the same code, path, detail and message).

import initBindings, * as bindings from './deploy_rollback.js';

/**
 * What every function throws for malformed input: `.code` (such as "invalidTimestamp"),
 * `.path` (such as "history[3].runtimeVersion"; "" for the whole input), `.detail` (one plain
 * sentence for people) and `.message` ("CODE at PATH: what is wrong", for logs).
 */
export class InputError extends Error {
  constructor(message, { code, path = '', detail = message } = {}) {
    super(message);
    this.code = code;
    this.path = path;
    this.detail = detail;
  }
}
Object.defineProperty(InputError.prototype, 'name', { value: 'InputError', writable: true, configurable: true });

/** The bindings' error for bad input as an InputError; anything else as it is. */
function rethrown(error) {
  if (error instanceof Error && error.name === 'InputError' && !(error instanceof InputError)) {
    return new InputError(error.message, { code: error.code, path: error.path, detail: error.detail });
  }
  return error;
}

/** `ask` of the loaded bindings, its input errors thrown as InputError. */
function call(name, ask) {
  const loadedBindings = loaded(name);
  try {
    return ask(loadedBindings);
  } catch (error) {
    throw rethrown(error);
  }
}

let ready = false;
let loading = null;

/**
 * Loads the WebAssembly module, once: with no argument from `deploy_rollback_bg.wasm` beside
 * this file (a bundler that understands `new URL(…, import.meta.url)` copies it), or from
 * `{ module_or_path }`: a URL, a Response, bytes or a compiled WebAssembly.Module.
 */
export default function init(input) {
  if (!loading) {
    loading = initBindings(fetchedWhereAddressed(input)).then(
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

/**
 * The bindings' argument, with a URL (the default one, or one given as text, a URL or a
 * Request) fetched here rather than by the bindings, so that an answer which is not the
 * module fails with an error that says what came back and what to do. The bindings would
 * report a dev server's HTML fallback page as "expected magic word 00 61 73 6d".
 */
function fetchedWhereAddressed(input) {
  let where = input;
  const wrapped = input !== undefined && input !== null && Object.getPrototypeOf(input) === Object.prototype;
  if (wrapped) where = input.module_or_path;
  // The same address the bindings use by default (a bundler copies the file for both).
  if (where === undefined) where = new URL('deploy_rollback_bg.wasm', import.meta.url);
  const isAddress =
    typeof where === 'string' ||
    (typeof URL === 'function' && where instanceof URL) ||
    (typeof Request === 'function' && where instanceof Request);
  if (!isAddress || typeof fetch !== 'function') return input;
  return { module_or_path: fetch(where).then((response) => checkedModule(response, where)) };
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

/** The response when it may be the module; an Error that names the fix when it is a page. */
async function checkedModule(response, where) {
  // A failed status: the bindings' own error names it and the address.
  if (!response.ok) return response;
  const type = (response.headers.get('Content-Type') || '').toLowerCase();
  if (type.startsWith('application/wasm')) return response;
  const address = response.url || String(where instanceof Request ? where.url : where);
  if (type.startsWith('text/html')) throw htmlInsteadOfModule(address);
  const head = new Uint8Array(await response.clone().arrayBuffer(), 0);
  if (WASM_MAGIC.every((byte, i) => head[i] === byte)) return response;
  const text = new TextDecoder().decode(head.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (text.startsWith('<')) throw htmlInsteadOfModule(address);
  throw new Error(
    `deploy-rollback: init() fetched ${address} and got something that is not a WebAssembly module ` +
      `(it does not start with the bytes 00 61 73 6d). Serve node_modules/deploy-rollback/deploy_rollback_bg.wasm ` +
      'at that address, or pass its URL: init({ module_or_path: url }).',
  );
}

function htmlInsteadOfModule(address) {
  return new Error(
    `deploy-rollback: init() fetched ${address} and got an HTML page instead of the WebAssembly module. ` +
      "This is most likely a dev server's fallback page: deploy_rollback_bg.wasm is not served at that address. " +
      'With Vite, leave the package out of dependency pre-bundling, which moves the JS away from its .wasm: ' +
      'optimizeDeps: { exclude: ["deploy-rollback"] } in vite.config.js. ' +
      'Otherwise copy node_modules/deploy-rollback/deploy_rollback_bg.wasm where it is served and pass its URL: ' +
      'init({ module_or_path: url }).',
  );
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
  return call('checkEligibility', (m) => m.checkEligibility(scenario));
}

export function planRollback(scenario, targetId, description) {
  return call('planRollback', (m) => m.planRollback(scenario, targetId, description));
}

export function compareEntries(scenario, fromId, toId) {
  return call('compareEntries', (m) => m.compareEntries(scenario, fromId, toId));
}

export function previousTarget(scenario) {
  return call('previousTarget', (m) => m.previousTarget(scenario));
}

export function simulateTimeline(timeline) {
  return call('simulateTimeline', (m) => m.simulateTimeline(timeline));
}

export function compareRuntimeVersions(a, b) {
  return call('compareRuntimeVersions', (m) => m.compareRuntimeVersions(a, b));
}

export function parseAgentImage(ref) {
  return call('parseAgentImage', (m) => m.parseAgentImage(ref));
}

export function fromAstroApi(deployment, deploysPage, now) {
  return call('fromAstroApi', (m) => m.fromAstroApi(deployment, deploysPage, timestamp(now)));
}

export function resolvedOptions(scenario) {
  return call('resolvedOptions', (m) => m.resolvedOptions(scenario));
}

export function exampleScenario() {
  return call('exampleScenario', (m) => m.exampleScenario());
}

export function rules() {
  return call('rules', (m) => m.rules());
}

export function engineVersion() {
  return call('engineVersion', (m) => m.engineVersion());
}

/** A scenario read once and kept in the module, for many questions about it. */
export class PreparedScenario {
  #inner;

  constructor(scenario) {
    this.#inner = call('new PreparedScenario', (m) => new m.PreparedScenario(scenario));
  }

  #live(name) {
    if (!this.#inner) {
      throw new Error(`deploy-rollback: this PreparedScenario was freed: ${name}() cannot be asked of it after free(). Prepare the scenario again.`);
    }
    return this.#inner;
  }

  /** `ask` of the kept scenario, its input errors thrown as InputError. */
  #ask(name, ask) {
    const inner = this.#live(name);
    try {
      return ask(inner);
    } catch (error) {
      throw rethrown(error);
    }
  }

  checkEligibility() {
    return this.#ask('checkEligibility', (p) => p.checkEligibility());
  }

  resolvedOptions() {
    return this.#ask('resolvedOptions', (p) => p.resolvedOptions());
  }

  compareEntries(fromId, toId) {
    return this.#ask('compareEntries', (p) => p.compareEntries(fromId, toId));
  }

  planRollback(targetId, description) {
    return this.#ask('planRollback', (p) => p.planRollback(targetId, description));
  }

  previousTarget() {
    return this.#ask('previousTarget', (p) => p.previousTarget());
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
