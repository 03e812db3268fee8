// deploy-rollback in Node (the `node` export condition): the WebAssembly module is read from
// disk and instantiated when this file is imported, so no init() call is needed:
//
//   import { planRollback } from "deploy-rollback";
//
// Everything else is index.js, the browsers' entry point; init() resolves at once here.

import { readFileSync } from 'node:fs';
import { initSync } from './index.js';

initSync({ module: readFileSync(new URL('./deploy_rollback_bg.wasm', import.meta.url)) });

export * from './index.js';
export { default } from './index.js';
