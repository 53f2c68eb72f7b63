/**
 * Reading an OCF package: the manifest, then every file it lists, then every object in them,
 * each checked against the subset of the format dealgraph reads (ocf-schema.ts). Files are read
 * through a function the caller passes, so this stage does no I/O of its own.
 *
 * Every problem is a diagnostic whose span points into the JSON file (line and column of the
 * offending field), and whose message names the object by its id and the field by its path.
 */
import type { z } from "zod";
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../syntax/source.js";
export { MANIFEST_NAME, type ReadPackageFile } from "./json-file.js";
import { MANIFEST_NAME, readJson, type JsonFile, type ReadPackageFile } from "./json-file.js";
import { describeIssue, manifestSchema, MANIFEST_FILE_LISTS, objectsFileSchema, SUPPORTED_OBJECTS, type Manifest, type SupportedObject } from "./ocf-schema.js";

/** One object of a supported kind, checked, with where it was read from. */
export interface PackageObject {
  readonly value: SupportedObject;
  readonly file: string;
  /** Where the object is: its index in the file's `items`. */
  readonly index: number;
  readonly locate: (field?: ReadonlyArray<string | number>) => Span;
}

export interface OcfPackage {
  readonly manifest: Manifest;
  readonly manifestFile: string;
  readonly objects: readonly PackageObject[];
  /** Ids of objects that failed their checks: references to them are not reported again. */
  readonly invalidIds: ReadonlySet<string>;
  /**
   * The securities a transaction left out here would have created (its resulting and balance
   * security ids), each with the transaction's name: with skipInvalid their issuances go too, as
   * the securities would exist only through it.
   */
  readonly createdByInvalid: ReadonlyMap<string, string>;
}

export interface ReadPackageResult {
  readonly value?: OcfPackage;
  readonly diagnostics: Diagnostic[];
  /** Every file read, by the path spans name, for rendering diagnostics. */
  readonly sources: Map<string, SourceFile>;
}

/** What each object type is called in messages. */
export const OBJECT_NOUNS: Readonly<Record<string, string>> = {
  STAKEHOLDER: "stakeholder",
  STOCK_CLASS: "stock class",
  STOCK_PLAN: "stock plan",
  VESTING_TERMS: "vesting terms",
  TX_STOCK_ISSUANCE: "stock issuance",
  TX_EQUITY_COMPENSATION_ISSUANCE: "equity compensation issuance",
  TX_PLAN_SECURITY_ISSUANCE: "plan security issuance",
  TX_WARRANT_ISSUANCE: "warrant issuance",
  TX_CONVERTIBLE_ISSUANCE: "convertible issuance",
  TX_CONVERTIBLE_CONVERSION: "convertible conversion",
  TX_VESTING_START: "vesting start",
  TX_STOCK_PLAN_POOL_ADJUSTMENT: "pool adjustment",
  TX_STOCK_CANCELLATION: "stock cancellation",
  TX_STOCK_REPURCHASE: "stock repurchase",
  TX_STOCK_RETRACTION: "stock retraction",
  TX_STOCK_TRANSFER: "stock transfer",
  TX_STOCK_CONVERSION: "stock conversion",
  TX_STOCK_REISSUANCE: "stock reissuance",
  TX_STOCK_ACCEPTANCE: "stock acceptance",
  TX_STOCK_CLASS_SPLIT: "stock class split",
  TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT: "conversion ratio adjustment",
  TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT: "class authorized shares adjustment",
  TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT: "issuer authorized shares adjustment",
  TX_EQUITY_COMPENSATION_EXERCISE: "equity compensation exercise",
  TX_PLAN_SECURITY_EXERCISE: "plan security exercise",
  TX_EQUITY_COMPENSATION_CANCELLATION: "equity compensation cancellation",
  TX_PLAN_SECURITY_CANCELLATION: "plan security cancellation",
  TX_EQUITY_COMPENSATION_RETRACTION: "equity compensation retraction",
  TX_PLAN_SECURITY_RETRACTION: "plan security retraction",
  TX_EQUITY_COMPENSATION_RELEASE: "equity compensation release",
  TX_PLAN_SECURITY_RELEASE: "plan security release",
  TX_EQUITY_COMPENSATION_TRANSFER: "equity compensation transfer",
  TX_PLAN_SECURITY_TRANSFER: "plan security transfer",
  TX_EQUITY_COMPENSATION_ACCEPTANCE: "equity compensation acceptance",
  TX_PLAN_SECURITY_ACCEPTANCE: "plan security acceptance",
  TX_STOCK_PLAN_RETURN_TO_POOL: "return to pool",
  TX_WARRANT_EXERCISE: "warrant exercise",
  TX_WARRANT_CANCELLATION: "warrant cancellation",
  TX_WARRANT_RETRACTION: "warrant retraction",
  TX_WARRANT_TRANSFER: "warrant transfer",
  TX_WARRANT_ACCEPTANCE: "warrant acceptance",
  TX_CONVERTIBLE_CANCELLATION: "convertible cancellation",
  TX_CONVERTIBLE_RETRACTION: "convertible retraction",
  TX_CONVERTIBLE_TRANSFER: "convertible transfer",
  TX_CONVERTIBLE_ACCEPTANCE: "convertible acceptance",
  TX_VESTING_ACCELERATION: "vesting acceleration",
  TX_VESTING_EVENT: "vesting event",
};

/** An object as messages name it: its kind and its id, as in `stock transfer "tx-7"`. */
export const nounOf = (o: PackageObject): string => `${OBJECT_NOUNS[o.value.object_type] ?? o.value.object_type} ${JSON.stringify(o.value.id)}`;

/** A field's path as messages write it: `conversion_triggers[0].conversion_right`. */
export const fieldName = (path: ReadonlyArray<string | number>): string => path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");

export interface ReadOptions {
  /**
   * Leave out an object whose problem is confined to it — a field of the wrong shape, a dangling
   * reference, a second currency — with a `W_OCF_SKIPPED` warning, and what depends on it, instead
   * of an error. Problems of the package as a whole (the manifest, a file) stay errors.
   */
  readonly skipInvalid?: boolean;
  /**
   * Ids of objects found wrong by another check (OCF's published schemas). With `skipInvalid`,
   * each is left out with a `W_OCF_SKIPPED` warning, and what depends on it with it, as if it had
   * failed dealgraph's own checks. Without `skipInvalid` it is not read: the caller has refused
   * the package already.
   */
  readonly exclude?: ReadonlySet<string>;
}

/**
 * A problem confined to one object: an error of `code` naming the object and field, or with
 * skipInvalid a `W_OCF_SKIPPED` warning saying the object is left out and why. The caller leaves
 * the object out (returns true when it should).
 */
export function reportConfined(diagnostics: Diagnostic[], skipInvalid: boolean, o: PackageObject, field: ReadonlyArray<string | number> | undefined, code: "E_OCF_REFERENCE" | "E_OCF_QUANTITY" | "E_OCF_SCHEMA", text: string, hint?: string): boolean {
  const name = field && field.length > 0 ? fieldName(field) : "";
  const where = { span: o.locate(field && field.length > 0 ? field : ["object_type"]), ...(hint ? { hint } : {}) };
  if (skipInvalid) diagnostics.push(warning("W_OCF_SKIPPED", `${nounOf(o)} left out: ${name ? `field ${name}: ` : ""}${text}`, where));
  else diagnostics.push(error(code, `${nounOf(o)}${name ? `, field ${name}` : ""}: ${text}`, where));
  return skipInvalid;
}

/** Why a kind of object dealgraph does not read leaves the cap table as it is, or does not. */
function unsupportedReason(objectType: string): string {
  if (/^TX_.*_(CANCELLATION|REPURCHASE|TRANSFER|EXERCISE|CONVERSION|RETRACTION|RELEASE|REISSUANCE|SPLIT|CONSOLIDATION|REPRICING|RETURN_TO_POOL|ADJUSTMENT|ACCELERATION|EVENT)$/.test(objectType) || objectType.startsWith("TX_")) {
    return "its effect is not applied: the cap table shows the securities as issued";
  }
  return "it carries nothing a dealgraph cap table uses";
}

/**
 * Reads the package in `dir`. With `options.skipInvalid`, an object that fails its checks (or
 * that `options.exclude` names) is left out with `W_OCF_SKIPPED` warnings instead of
 * `E_OCF_SCHEMA` errors (its id, and the security id an issuance would create, are in
 * `invalidIds` either way; the securities a transaction would create are in `createdByInvalid`).
 */
export function readPackage(dir: string, readFile: ReadPackageFile, join: (dir: string, file: string) => string, options: ReadOptions = {}): ReadPackageResult {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  const manifestPath = join(dir, MANIFEST_NAME);
  const manifestJson = readJson(MANIFEST_NAME, manifestPath, readFile, sources, diagnostics);
  if (!manifestJson) return { diagnostics, sources };
  const manifestCheck = manifestSchema.safeParse(manifestJson.value);
  if (!manifestCheck.success) {
    for (const issue of manifestCheck.error.issues) diagnostics.push(schemaDiagnostic(manifestJson, issue, manifestJson.value, [], "the manifest"));
    return { diagnostics, sources };
  }
  const manifest = manifestCheck.data as Manifest;
  const objects: PackageObject[] = [];
  const seen = new Map<string, string>();
  const invalidIds = new Set<string>();
  const createdByInvalid = new Map<string, string>();
  const unsupported = new Map<string, { file: JsonFile; type: string; ids: string[]; first: number }>();
  for (const [list, fileType] of Object.entries(MANIFEST_FILE_LISTS) as [keyof typeof MANIFEST_FILE_LISTS, string][]) {
    (manifest[list] ?? []).forEach((ref, i) => {
      const relative = ref.filepath.replace(/^\.\//, "");
      const path = join(dir, relative);
      const json = readJson(relative, path, readFile, sources, diagnostics, { manifest: manifestJson, at: [list, i, "filepath"] });
      if (!json) return;
      const shape = objectsFileSchema.safeParse(json.value);
      if (!shape.success) {
        for (const issue of shape.error.issues) diagnostics.push(schemaDiagnostic(json, issue, json.value, [], `the file`));
        return;
      }
      if (shape.data.file_type !== fileType) {
        diagnostics.push(error("E_OCF_PACKAGE", `${relative} is listed under ${list} but says it is a ${shape.data.file_type}`, { span: json.locate(["file_type"]), hint: `a file listed under ${list} has file_type ${fileType}` }));
        return;
      }
      shape.data.items.forEach((item, index) => {
        const type = item.object_type ?? "";
        const where = ["items", index];
        const schema = (SUPPORTED_OBJECTS as Record<string, z.ZodType<SupportedObject>>)[type];
        if (!schema) {
          const key = `${relative}\u0000${type}`;
          const group = unsupported.get(key) ?? { file: json, type, ids: [], first: index };
          group.ids.push(item.id ?? `#${index + 1}`);
          unsupported.set(key, group);
          return;
        }
        const noun = `${OBJECT_NOUNS[type] ?? type} ${JSON.stringify(item.id ?? `#${index + 1}`)}`;
        /** The object is not read: references to it, the security it issues and those it would create are not reported again. */
        const markInvalid = (): void => {
          if (item.id) invalidIds.add(item.id);
          const fields = item as { security_id?: unknown; resulting_security_ids?: unknown; balance_security_id?: unknown };
          if (typeof fields.security_id === "string" && /_ISSUANCE$/.test(type)) invalidIds.add(fields.security_id);
          const created: unknown[] = [...(Array.isArray(fields.resulting_security_ids) ? (fields.resulting_security_ids as unknown[]) : []), fields.balance_security_id];
          for (const id of created) if (typeof id === "string" && !createdByInvalid.has(id)) createdByInvalid.set(id, noun);
        };
        if (options.skipInvalid && item.id !== undefined && options.exclude?.has(item.id)) {
          markInvalid();
          diagnostics.push(warning("W_OCF_SKIPPED", `${noun} left out: it fails OCF's published schema`, { span: json.locate([...where, "object_type"]) }));
          return;
        }
        const checked = schema.safeParse(item);
        if (!checked.success) {
          markInvalid();
          for (const issue of checked.error.issues) diagnostics.push(schemaDiagnostic(json, issue, item, where, noun, options.skipInvalid === true));
          return;
        }
        const previous = seen.get(checked.data.id);
        if (previous !== undefined) {
          const text = `id is also used by an object in ${previous}`;
          const where2 = { span: json.locate([...where, "id"]), hint: "ids are unique within a package" };
          diagnostics.push(options.skipInvalid ? warning("W_OCF_SKIPPED", `${noun} left out: ${text}`, where2) : error("E_OCF_SCHEMA", `${noun}: ${text}`, where2));
          return;
        }
        seen.set(checked.data.id, relative);
        objects.push({ value: checked.data, file: relative, index, locate: (field = []) => json.locate([...where, ...field]) });
      });
    });
  }
  for (const group of unsupported.values()) {
    const shown = group.ids.length > 8 ? `${group.ids.slice(0, 8).join(", ")} and ${group.ids.length - 8} more` : group.ids.join(", ");
    const what = group.type === "" ? "object(s) without an object_type" : `${group.type} object(s)`;
    diagnostics.push(warning("W_OCF_UNSUPPORTED", `${group.ids.length} ${what} not read (${shown}): ${unsupportedReason(group.type)}`, { span: group.file.locate(["items", group.first, "object_type"]), hint: "docs/ocf.md lists the objects dealgraph reads" }));
  }
  return { value: { manifest, manifestFile: manifestPath, objects, invalidIds, createdByInvalid }, diagnostics, sources };
}

function schemaDiagnostic(file: JsonFile, issue: z.core.$ZodIssue, input: unknown, where: Array<string | number>, noun: string, skip = false): Diagnostic {
  const path = issue.path.filter((k): k is string | number => typeof k !== "symbol");
  const field = fieldName(path);
  const place = { span: file.locate([...where, ...path]), path: [file.name, ...where, ...path] };
  if (skip) return warning("W_OCF_SKIPPED", `${noun} left out: ${field ? `field ${field}: ` : ""}${describeIssue(issue, input)}`, place);
  const message = field ? `${noun}, field ${field}: ${describeIssue(issue, input)}` : `${noun}: ${describeIssue(issue, input)}`;
  return error("E_OCF_SCHEMA", message, place);
}
