// The types of the `deploy-rollback/deploy_rollback_bg.wasm` export: what a bundler that
// copies the file gives an import of it (esbuild's `file` loader, webpack's
// `asset/resource`): its URL, for `init({ module_or_path: url })`.
//
//   import wasmUrl from "deploy-rollback/deploy_rollback_bg.wasm";
//   await init({ module_or_path: wasmUrl });
//
// (deploy_rollback_bg.wasm.d.ts, written by wasm-bindgen, describes the module's raw
// exports instead: the bindings' view of it, not an import's.)

/** The URL of the WebAssembly module, as the bundler copied it. */
declare const url: string;
export default url;
