// The demo shows a title for every code the engine can answer: its title tables
// (www/js/format.js) hold exactly the codes of docs/schema/codes.json, which is generated
// from the Rust enums. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as format from "../../www/js/format.js";

const codes = JSON.parse(readFileSync(new URL("../../docs/schema/codes.json", import.meta.url), "utf8"));

const tables = {
  REASON_TITLES: "ReasonCode",
  WARNING_TITLES: "WarningCode",
  VERDICTS: "Verdict",
  FIELD_TITLES: "Field",
  DISPOSITIONS: "Disposition",
  DOWNGRADE_KINDS: "DowngradeKind",
  ERASURE: "Likelihood",
  DEPLOY_TYPES: "DeployType",
  STATUSES: "DeployStatus",
  PROFILES: "Profile",
};

test("each title table of the demo has exactly the engine's codes", () => {
  for (const [table, list] of Object.entries(tables)) {
    assert.ok(format[table], `format.js exports ${table}`);
    assert.ok(codes[list], `codes.json has ${list}`);
    assert.deepEqual(Object.keys(format[table]).sort(), [...codes[list]].sort(), `${table} against ${list}`);
    for (const [code, title] of Object.entries(format[table])) {
      const text = typeof title === "string" ? title : title.title;
      assert.ok(text && text !== code, `${table}.${code} has a title`);
    }
  }
});

test("every task fate has its own words", () => {
  const words = codes.TaskFate.map((fate) => format.taskOutcome(fate, 24));
  codes.TaskFate.forEach((fate, i) => assert.notEqual(words[i], fate, `${fate} is described`));
  assert.equal(new Set(words).size, words.length);
});
