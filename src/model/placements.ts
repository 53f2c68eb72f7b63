/**
 * `placements:` — where a workload is planned to run, from which month; checked later against
 * exclusivity contracts.
 */
import type { Field, ModelReader } from "./reader.js";
import type { PlacementInput } from "./types.js";

export function readPlacements(r: ModelReader, field: Field | undefined): PlacementInput[] {
  const out: PlacementInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["placements"], "placements", field?.keySpan ?? r.spanAt(0, 0))) {
    const what = `placement "${entry.name}"`;
    const fields = r.fields(entry.value, entry.path, what, { required: ["customer", "workload", "provider", "from"], optional: ["via", "description"] }, entry.keySpan);
    if (!fields) continue;
    const customer = r.ref(fields.get("customer"), `the customer of ${what}`);
    const workload = r.prose(fields.get("workload"), `the workload of ${what}`);
    const provider = r.ref(fields.get("provider"), `the provider of ${what}`);
    const via = r.ref(fields.get("via"), `the party ${what} comes through`);
    const from = r.month(fields.get("from"), `the first month of ${what}`);
    const description = r.prose(fields.get("description"), `the description of ${what}`);
    if (!customer || workload === undefined || !provider || !from || (fields.has("via") && !via)) continue;
    out.push({
      name: entry.name,
      customer,
      workload,
      provider,
      ...(via ? { via } : {}),
      from: from.month,
      fromAt: from.at,
      ...(description !== undefined ? { description } : {}),
      at: { span: entry.keySpan, path: entry.path },
    });
  }
  return out;
}
