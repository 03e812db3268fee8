// The package's types: those of the generated bindings, whose functions index.js and
// node.js re-export with the same signatures, and the InputError class index.js adds.
import type { ErrorCode } from './deploy_rollback.js';

export * from './deploy_rollback.js';
export { default } from './deploy_rollback.js';

/**
 * What every function of the package throws for malformed input (the module keeps
 * working afterwards): `e instanceof InputError` holds.
 */
export declare class InputError extends Error {
  constructor(message: string, fields: { code: ErrorCode; path?: string; detail?: string });
  name: "InputError";
  /** The stable code, such as `"invalidTimestamp"`. */
  code: ErrorCode;
  /** JSON path of the offending field, such as `history[3].runtimeVersion`; "" for the whole input. */
  path: string;
  /** What is wrong as one plain sentence for people ("No history entry has the id `d9`."); may change between versions. */
  detail: string;
  /** `CODE at PATH: what is wrong` (`CODE: …` when the path is ""), for logs; may change between versions. */
  message: string;
}
