// The package's types: those of the generated bindings, whose functions index.js and
// node.js re-export with the same signatures.
export * from './deploy_rollback.js';
export { default } from './deploy_rollback.js';
