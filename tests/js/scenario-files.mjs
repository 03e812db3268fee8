// The scenario files (tests/scenarios/<section>/*.json) as the Node tests read them, in one
// place, as the Rust scenario runner reads them (tests/support/json.rs).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const folder = new URL("../scenarios/", import.meta.url).pathname;

/** `{"$repeat": [text, n]}` → text repeated n times. */
export function expand(value) {
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$repeat") return value.$repeat[0].repeat(value.$repeat[1]);
    return Object.fromEntries(keys.map((k) => [k, expand(value[k])]));
  }
  return value;
}

/** An input as the functions take it: text stays text, anything else becomes its JSON. */
export const asText = (value) => (typeof value === "string" ? value : JSON.stringify(value));

/** Every scenario file, in path order, as `[path under tests/scenarios, expanded content]`. */
export function scenarioFiles() {
  return readdirSync(folder, { recursive: true })
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, expand(JSON.parse(readFileSync(join(folder, f), "utf8")))]);
}
