/**
 * `parties:` — everyone money flows between. `Name: kind` for short, or
 * `Name: { kind, affiliate-of?, description? }`.
 */
import { isScalar } from "yaml";
import type { Field, ModelReader } from "./reader.js";
import type { DeclaredNames } from "./draft.js";
import type { PartyInput, PartyKind } from "./types.js";

export const PARTY_KINDS: readonly PartyKind[] = ["company", "investor", "supplier", "partner", "customer"];

export function readParties(r: ModelReader, field: Field | undefined, declared: DeclaredNames): PartyInput[] {
  const out: PartyInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["parties"], "parties", field?.keySpan ?? r.spanAt(0, 0))) {
    const what = `party "${entry.name}"`;
    const at = { span: entry.keySpan, path: entry.path };
    declared.parties.set(entry.name, undefined);
    if (!entry.value || isScalar(entry.value)) {
      if (!entry.value) {
        r.report("E_MISSING_FIELD", `${what} needs a kind`, entry.keySpan, entry.path, `write "${entry.name}: company" or one of: ${PARTY_KINDS.join(", ")}`);
        continue;
      }
      const kind = r.choice(entry, PARTY_KINDS, "party kind");
      if (kind === undefined) continue;
      declared.parties.set(entry.name, kind);
      out.push({ name: entry.name, kind, at });
      continue;
    }
    const fields = r.fields(entry.value, entry.path, what, { required: ["kind"], optional: ["affiliate-of", "description"] }, entry.keySpan);
    if (!fields) continue;
    const kind = r.choice(fields.get("kind"), PARTY_KINDS, "party kind");
    const affiliateOf = r.ref(fields.get("affiliate-of"), `the parent of ${what}`);
    const description = r.prose(fields.get("description"), `the description of ${what}`);
    if (kind === undefined) continue;
    declared.parties.set(entry.name, kind);
    out.push({ name: entry.name, kind, ...(affiliateOf ? { affiliateOf } : {}), ...(description !== undefined ? { description } : {}), at });
  }
  return out;
}
