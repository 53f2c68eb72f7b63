/**
 * `contracts:` — agreements that move money or constrain where work runs. Each kind is one entry
 * of `CONTRACT_KINDS`: its keys and its reader. Adding a kind means adding one entry here (and its
 * expansion in src/compile), not touching a switch in every stage.
 */
import { isMap, isScalar, isSeq } from "yaml";
import { minorDigits } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { amount, quantity, share, sourced, unitPrice } from "./figures.js";
import type { Field, FieldSpec, Fields, ModelReader } from "./reader.js";
import { capacityTotal, checkSchedule, readSchedule, readTerm } from "./term.js";
import { hasMarks, readMarks } from "./flows.js";
import type { DeclaredNames } from "./draft.js";
import type { ContractInput, ContractKind, Located, Ref } from "./types.js";
import type { DealMarks } from "./flow-types.js";

interface ContractKindEntry {
  /** The keys this kind has, besides `kind`. */
  readonly keys: FieldSpec;
  readonly read: (r: ModelReader, fields: Fields, name: string, at: Located) => ContractInput | undefined;
}

const description = (r: ModelReader, fields: Fields, what: string): { description?: string } => {
  const text = r.prose(fields.get("description"), `the description of ${what}`);
  return text === undefined ? {} : { description: text };
};

/** Buyer and seller may be left out only when `extends` names the contract they come from. */
function readTradingParties(r: ModelReader, fields: Fields, what: string): { buyer?: Ref; seller?: Ref; extends?: Ref; ok: boolean } {
  const extended = r.ref(fields.get("extends"), `the contract ${what} extends`);
  const buyer = r.ref(fields.get("buyer"), `the buyer of ${what}`);
  const seller = r.ref(fields.get("seller"), `the seller of ${what}`);
  let ok = true;
  if (!fields.has("extends")) {
    for (const role of ["buyer", "seller"]) {
      if (!fields.has(role)) {
        r.report("E_MISSING_FIELD", `${what} needs "${role}"`, fields.owner, fields.path, `name the ${role}, or write extends: <contract> to take it from an earlier contract`);
        ok = false;
      }
    }
  }
  ok &&= fields.has("buyer") === !!buyer && fields.has("seller") === !!seller && fields.has("extends") === !!extended;
  return { ...(buyer ? { buyer } : {}), ...(seller ? { seller } : {}), ...(extended ? { extends: extended } : {}), ok };
}

/** `status` and `unconfirmed` of a purchase or capacity contract; absent when neither is written. */
function contractMarks(r: ModelReader, fields: Fields, what: string): { ok: boolean; value: { marks?: DealMarks } } {
  if (!hasMarks(fields)) return { ok: true, value: {} };
  const marks = readMarks(r, fields, what);
  return marks ? { ok: true, value: { marks } } : { ok: false, value: {} };
}

export const CONTRACT_KINDS: { readonly [K in ContractKind]: ContractKindEntry } = {
  purchase: {
    keys: { required: ["total", "term"], optional: ["buyer", "seller", "extends", "schedule", "status", "unconfirmed", "description"] },
    read(r, fields, name, at) {
      const what = `contract "${name}"`;
      const parties = readTradingParties(r, fields, what);
      const total = sourced(r, fields.get("total"), `the total of ${what}`, amount());
      const term = readTerm(r, fields.get("term"), what);
      const schedule = readSchedule(r, fields.get("schedule"), what);
      if (schedule && total) checkSchedule(r, schedule, term, ratio(total.value, 10n ** BigInt(minorDigits(r.currency))), what);
      const marks = contractMarks(r, fields, what);
      if (!parties.ok || !total || !term || !schedule || !marks.ok) return undefined;
      const { ok: _ok, ...refs } = parties;
      return { kind: "purchase", name, ...refs, total, term, schedule: schedule.schedule, ...marks.value, ...description(r, fields, what), at };
    },
  },
  capacity: {
    keys: { required: ["quantity", "price", "term"], optional: ["buyer", "seller", "extends", "schedule", "status", "unconfirmed", "description"] },
    read(r, fields, name, at) {
      const what = `contract "${name}"`;
      const parties = readTradingParties(r, fields, what);
      const amountOf = sourced(r, fields.get("quantity"), `the quantity of ${what}`, quantity);
      const price = sourced(r, fields.get("price"), `the price of ${what}`, unitPrice);
      const term = readTerm(r, fields.get("term"), what);
      const schedule = readSchedule(r, fields.get("schedule"), what);
      let unitsAgree = true;
      if (amountOf && price && amountOf.value.unit !== price.value.unit) {
        r.report("E_UNIT_MISMATCH", `the price of ${what} is per ${price.value.unit}, but its quantity is in ${amountOf.value.unit}`, price.at.span, price.at.path, `write the price per ${amountOf.value.unit}, e.g. 35B/${amountOf.value.unit}`);
        unitsAgree = false;
      }
      const total = amountOf && price && unitsAgree ? capacityTotal(r, amountOf.value.value, price.value.value, price.at.span, price.at.path) : undefined;
      if (schedule && total) checkSchedule(r, schedule, term, total, what);
      const marks = contractMarks(r, fields, what);
      if (!parties.ok || !amountOf || !price || !total || !term || !schedule || !marks.ok) return undefined;
      const { ok: _ok, ...refs } = parties;
      return { kind: "capacity", name, ...refs, quantity: amountOf, price, term, schedule: schedule.schedule, ...marks.value, ...description(r, fields, what), at };
    },
  },
  "revenue-share": {
    keys: { required: ["payer", "payee", "rate"], optional: ["lines", "through", "term", "description"] },
    read(r, fields, name, at) {
      const what = `contract "${name}"`;
      const payer = r.ref(fields.get("payer"), `the payer of ${what}`);
      const payee = r.ref(fields.get("payee"), `the payee of ${what}`);
      const rate = sourced(r, fields.get("rate"), `the rate of ${what}`, share);
      const lines = r.refList(fields.get("lines"), "a revenue line");
      const through = r.refList(fields.get("through"), "a party");
      const term = readTerm(r, fields.get("term"), what);
      if (!payer || !payee || !rate || (fields.has("term") && !term)) return undefined;
      return { kind: "revenue-share", name, payer, payee, rate, lines, through, ...(term ? { term } : {}), ...description(r, fields, what), at };
    },
  },
  exclusivity: {
    keys: { required: ["provider", "customer", "scope"], optional: ["term", "description"] },
    read(r, fields, name, at) {
      const what = `contract "${name}"`;
      const provider = r.ref(fields.get("provider"), `the provider of ${what}`);
      const customer = r.ref(fields.get("customer"), `the customer of ${what}`);
      const scopeField = fields.get("scope");
      const scope = r.refList(scopeField, "a workload").map((w) => w.name);
      if (scopeField?.value && isSeq(scopeField.value) && scopeField.value.items.length === 0) {
        r.report("E_MISSING_FIELD", `the scope of ${what} lists no workload`, scopeField.keySpan, scopeField.path, "write scope: [stateless-api]");
      }
      const term = readTerm(r, fields.get("term"), what);
      if (!provider || !customer || scope.length === 0 || (fields.has("term") && !term)) return undefined;
      return { kind: "exclusivity", name, provider, customer, scope, ...(term ? { term } : {}), ...description(r, fields, what), at };
    },
  },
};

const KIND_NAMES = Object.keys(CONTRACT_KINDS) as ContractKind[];

export function readContracts(r: ModelReader, field: Field | undefined, declared: DeclaredNames): ContractInput[] {
  const out: ContractInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["contracts"], "contracts", field?.keySpan ?? r.spanAt(0, 0))) {
    declared.contracts.set(entry.name, undefined);
    const what = `contract "${entry.name}"`;
    if (!entry.value || !isMap(entry.value)) {
      r.report("E_WRONG_TYPE", `${what} must be a mapping with a kind`, entry.value ? r.span(entry.value) : entry.keySpan, entry.path, `kinds: ${KIND_NAMES.join(", ")}`);
      continue;
    }
    // The kind decides which keys are allowed, so it is read first.
    const kindPair = entry.value.items.find((p) => isScalar(p.key) && r.scalarContent(p.key).text === "kind");
    if (!kindPair || !isScalar(kindPair.key)) {
      r.report("E_MISSING_FIELD", `${what} needs "kind"`, entry.keySpan, entry.path, `one of: ${KIND_NAMES.join(", ")}`);
      continue;
    }
    const kindField: Field = { name: "kind", keySpan: r.span(kindPair.key), path: [...entry.path, "kind"], ...(kindPair.value ? { value: kindPair.value } : {}) };
    const kind = r.choice(kindField, KIND_NAMES, "contract kind");
    if (kind === undefined) continue;
    declared.contracts.set(entry.name, kind);
    const spec = CONTRACT_KINDS[kind];
    const fields = r.fields(entry.value, entry.path, `a ${kind} contract`, { required: ["kind", ...(spec.keys.required ?? [])], optional: spec.keys.optional ?? [] }, entry.keySpan);
    if (!fields) continue;
    const contract = spec.read(r, fields, entry.name, { span: entry.keySpan, path: entry.path });
    if (contract) out.push(contract);
  }
  return out;
}
