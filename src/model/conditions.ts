/**
 * `conditions:` — events a conditional tranche waits for. `name: "description"` for short, or
 * `name: { description, probability?, expected? | window?, base-case? }`.
 */
import { isScalar } from "yaml";
import { share, sourced } from "./figures.js";
import type { Field, ModelReader } from "./reader.js";
import type { DeclaredNames } from "./draft.js";
import type { ConditionInput } from "./types.js";

const BASE_CASES = ["met", "not-met"] as const;

export function readConditions(r: ModelReader, field: Field | undefined, declared: DeclaredNames): ConditionInput[] {
  const out: ConditionInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["conditions"], "conditions", field?.keySpan ?? r.spanAt(0, 0))) {
    const what = `condition "${entry.name}"`;
    const at = { span: entry.keySpan, path: entry.path };
    declared.conditions.add(entry.name);
    if (entry.value && isScalar(entry.value)) {
      const description = r.prose(entry, `the description of ${what}`);
      if (description !== undefined) out.push({ name: entry.name, description, baseCase: "met", at });
      continue;
    }
    const fields = r.fields(entry.value, entry.path, what, { required: ["description"], optional: ["probability", "expected", "window", "base-case"] }, entry.keySpan);
    if (!fields) continue;
    const description = r.prose(fields.get("description"), `the description of ${what}`);
    const probability = sourced(r, fields.get("probability"), `the probability of ${what}`, share);
    const expected = r.month(fields.get("expected"), `the expected month of ${what}`);
    const window = r.window(fields.get("window"), `the window of ${what}`, { from: "from", to: "to" }, "E_WINDOW_ORDER");
    r.expectedInsideWindow(expected, window, what);
    const baseCase = fields.has("base-case") ? r.choice(fields.get("base-case"), BASE_CASES, "base case") : "met";
    if (description === undefined || baseCase === undefined) continue;
    out.push({
      name: entry.name,
      description,
      ...(probability ? { probability } : {}),
      ...(expected ? { expected: expected.month, expectedAt: expected.at } : {}),
      ...(window ? { window } : {}),
      baseCase,
      at,
    });
  }
  return out;
}
