/**
 * Checking OCF files against the Open Cap Format's own published JSON schemas, with ajv.
 *
 * The schemas are not part of dealgraph: the user points at a folder holding them (the `schema/`
 * folder of OCF's repository, or the repository itself) and every `*.schema.json` in it is
 * registered by its `$id`. From them this module learns, for each file type, the schema of the
 * file and which object types its `items` may hold, and for each object type its schema.
 *
 * A file is checked in two parts so that every message names one object: the file without its
 * items against the file's schema, then each item against the schema of its own `object_type`.
 * A `oneOf` or `anyOf` that fails (a conversion mechanism, say) is explained by the branch the
 * value meant (the one whose kind field, such as `type` or `compensation_type`, matches the
 * value's), not by every branch's complaints, and without hiding the object's other problems.
 *
 * For `--skip-invalid`, the check also says which objects' failures are their own
 * (`PackageCheck.confined`), so that the import can leave out just those.
 */
import addFormatsModule from "ajv-formats";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { nearestName } from "../diagnostics/suggest.js";
import type { SourceFile } from "../syntax/source.js";
import { MANIFEST_NAME, readJson, type JsonFile, type ReadPackageFile } from "./json-file.js";
import { OBJECT_NOUNS } from "./read-package.js";

/** One schema file as read from the folder: its path (for messages) and its text. */
export interface SchemaSource {
  readonly path: string;
  readonly text: string;
}

interface CompiledSchema {
  /** The schema's path inside the folder, e.g. `objects/StockClass.schema.json`. */
  readonly name: string;
  readonly validate: ValidateFunction;
}

export interface PublishedSchemas {
  /** The OCF version the manifest's schema requires (else the one the `$id`s name), e.g. `1.2.0`. */
  readonly version: string;
  /** Where they were read from, for reports. */
  readonly origin: string;
  readonly manifest: CompiledSchema;
  /** By `file_type`: the file's schema, and for each object type its items may be, the schemas that may describe it. */
  readonly files: ReadonlyMap<string, CompiledSchema & { readonly itemTypes: ReadonlyMap<string, readonly CompiledSchema[]> }>;
  /** Every object type some schema describes. */
  readonly objectTypes: ReadonlySet<string>;
  /** Validates a value against a piece of a schema (a `oneOf` branch). */
  readonly compile: (schema: unknown) => ValidateFunction | undefined;
}

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

type Json = { readonly [key: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const VERSION_IN_ID = /\/v\/(\d+\.\d+\.\d+[^/]*)\//;

/**
 * Compiles the schema set. `origin` names the folder in messages. Every problem with the set is an
 * `E_OCF_SCHEMAS`; a set that compiles has a manifest schema, file schemas and object schemas.
 */
export function compilePublishedSchemas(origin: string, sources: readonly SchemaSource[]): { value?: PublishedSchemas; diagnostics: Diagnostic[] } {
  const unusable = (why: string, hint?: string): { diagnostics: Diagnostic[] } => ({ diagnostics: [error("E_OCF_SCHEMAS", `${origin} cannot be used as OCF's schemas: ${why}`, { hint: hint ?? "give the `schema` folder of a checkout of OCF's repository (Open-Cap-Table-Coalition/Open-Cap-Format-OCF), at the version the package declares" })] });
  if (sources.length === 0) return unusable("it holds no *.schema.json files");
  // ajv only warns of a format it does not know, and then ignores it: here that makes the set unusable.
  const unknownFormats: Array<{ text: string; compiling?: string }> = [];
  let compiling: string | undefined;
  const logger = { log: (): void => undefined, warn: (...args: unknown[]): void => void unknownFormats.push({ text: args.map(String).join(" "), ...(compiling ? { compiling } : {}) }), error: (): void => undefined };
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, logger });
  addFormats(ajv);
  const byId = new Map<string, { name: string; schema: Json }>();
  const versions = new Set<string>();
  for (const source of sources) {
    let schema: unknown;
    try {
      schema = JSON.parse(source.text);
    } catch (e) {
      return unusable(`${source.path} is not JSON (${e instanceof Error ? e.message : "unreadable"})`);
    }
    const id = isObject(schema) ? schema["$id"] : undefined;
    if (!isObject(schema) || typeof id !== "string") return unusable(`${source.path} has no $id`);
    if (byId.has(id)) return unusable(`${source.path} and ${byId.get(id)?.name ?? "?"} have the same $id, ${id}`);
    const version = VERSION_IN_ID.exec(id)?.[1];
    if (version) versions.add(version);
    byId.set(id, { name: source.path, schema });
    try {
      ajv.addSchema(schema);
    } catch (e) {
      return unusable(`${source.path} is not a JSON schema ajv accepts (${e instanceof Error ? e.message : "refused"})`);
    }
  }
  if (versions.size > 1) return unusable(`the $ids name several OCF versions: ${[...versions].sort().join(", ")}`);
  const compiled = (id: string): CompiledSchema | { failure: string } => {
    try {
      const validate = ajv.getSchema(id);
      return validate ? { name: byId.get(id)?.name ?? id, validate } : { failure: `${id} does not compile` };
    } catch (e) {
      return { failure: `${byId.get(id)?.name ?? id} does not compile: ${e instanceof Error ? e.message : "refused"}` };
    }
  };
  /** The values a schema allows for `field`: its `const`, or its `enum` (an object kind read under two names). */
  const valuesOf = (schema: Json, field: string): string[] => {
    const properties = schema["properties"];
    const property = isObject(properties) ? properties[field] : undefined;
    if (!isObject(property)) return [];
    if (typeof property["const"] === "string") return [property["const"]];
    return Array.isArray(property["enum"]) ? property["enum"].filter((v): v is string => typeof v === "string") : [];
  };

  // Every schema is compiled first, so that a problem is named where it is: among the schemas that
  // do not compile, the one that refers to none of the others (those fail only through it).
  const failures = new Map<string, string>();
  for (const id of byId.keys()) {
    compiling = id;
    const c = compiled(id);
    if ("failure" in c) failures.set(id, c.failure);
  }
  if (failures.size > 0) {
    const refersToFailing = (id: string): boolean => [...JSON.stringify(byId.get(id)?.schema ?? {}).matchAll(/"\$ref":"([^"#]*)/g)].some((m) => m[1] !== id && failures.has(m[1] ?? ""));
    const culprit = [...failures.keys()].find((id) => !refersToFailing(id)) ?? [...failures.keys()][0];
    return unusable(failures.get(culprit ?? "") ?? "a schema does not compile", "every schema must compile, and every $ref must resolve inside the folder");
  }
  if (unknownFormats.length > 0) {
    const first = unknownFormats[0];
    const where = /path "([^"#]*)/.exec(first?.text ?? "")?.[1];
    const format = /format "([^"]*)"/.exec(first?.text ?? "")?.[1];
    return unusable(`${byId.get(where ?? "")?.name ?? byId.get(first?.compiling ?? "")?.name ?? "a schema"} uses the format ${JSON.stringify(format ?? "?")}, which the checker does not know`, "the formats known are those of ajv-formats (date, date-time, email, uri, …)");
  }
  const objectSchemas = new Map<string, { schema: CompiledSchema; types: string[] }>();
  const objectTypes = new Set<string>();
  const files = new Map<string, CompiledSchema & { itemTypes: Map<string, CompiledSchema[]> }>();
  let manifest: (CompiledSchema & { version?: string }) | undefined;
  for (const [id, { schema }] of byId) {
    const types = valuesOf(schema, "object_type");
    const fileType = valuesOf(schema, "file_type")[0];
    if (types.length === 0 && !fileType) continue;
    const c = compiled(id);
    if ("failure" in c) return unusable(c.failure, "the folder must hold the whole schema set: every $ref must resolve inside it");
    if (types.length > 0) objectSchemas.set(id, { schema: c, types });
    types.forEach((t) => objectTypes.add(t));
    if (fileType === "OCF_MANIFEST_FILE") manifest = { ...c, ...(valuesOf(schema, "ocf_version")[0] ? { version: valuesOf(schema, "ocf_version")[0] } : {}) };
    else if (fileType) files.set(fileType, { ...c, itemTypes: new Map() });
  }
  // What a file may hold is what its `items` schema refers to (a oneOf of object schemas).
  for (const { schema } of byId.values()) {
    const fileType = valuesOf(schema, "file_type")[0];
    const file = fileType ? files.get(fileType) : undefined;
    if (!file) continue;
    const properties = schema["properties"];
    const items = isObject(properties) && isObject(properties["items"]) ? properties["items"]["items"] : undefined;
    const refs = isObject(items) ? (Array.isArray(items["oneOf"]) ? items["oneOf"] : [items]) : [];
    for (const ref of refs) {
      const target = isObject(ref) && typeof ref["$ref"] === "string" ? objectSchemas.get(ref["$ref"]) : undefined;
      for (const type of target?.types ?? []) file.itemTypes.set(type, [...(file.itemTypes.get(type) ?? []), target!.schema]);
    }
  }
  if (!manifest) return unusable("no schema has file_type OCF_MANIFEST_FILE");
  if (objectTypes.size === 0) return unusable("no schema describes an object (an object_type)");
  // A branch is compiled once, when a oneOf first needs explaining; one that cannot be is left unexplained.
  const branches = new WeakMap<object, ValidateFunction | null>();
  const compile = (schema: unknown): ValidateFunction | undefined => {
    if (!isObject(schema)) return undefined;
    let validate = branches.get(schema);
    if (validate === undefined) {
      try {
        validate = (typeof schema["$ref"] === "string" ? ajv.getSchema(schema["$ref"]) : ajv.compile(schema)) ?? null;
      } catch {
        validate = null;
      }
      branches.set(schema, validate);
    }
    return validate ?? undefined;
  };
  // The version is the one the manifest's schema requires, else the one the $ids name.
  const version = manifest.version ?? [...versions][0];
  if (!version) return unusable("neither the manifest's schema (ocf_version) nor the $ids (…/v/X.Y.Z/…) name an OCF version");
  return { value: { version, origin, manifest, files, objectTypes, compile }, diagnostics: [] };
}

/** What a package's check found: its problems, the files it read, and how much it checked. */
export interface PackageCheck {
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, SourceFile>;
  readonly files: number;
  readonly objects: number;
  /** The objects (by id) whose problems are their own, and those problems: what --skip-invalid may leave out. */
  readonly confined: ReadonlyMap<string, readonly Diagnostic[]>;
}

/**
 * Checks the package in `dir` (its manifest and every file the manifest lists) against the
 * published schemas. Reads through `readFile`, so an exported package can be checked before it is
 * written.
 */
export function checkPackage(schemas: PublishedSchemas, dir: string, readFile: ReadPackageFile, join: (dir: string, file: string) => string): PackageCheck {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  const hint = (schema: CompiledSchema): string => `OCF ${schemas.version}'s schema ${schema.name}`;
  const manifest = readJson(MANIFEST_NAME, join(dir, MANIFEST_NAME), readFile, sources, diagnostics);
  const confined = new Map<string, Diagnostic[]>();
  if (!manifest) return { diagnostics, sources, files: 0, objects: 0, confined };
  const declared = isObject(manifest.value) ? manifest.value["ocf_version"] : undefined;
  const versionHint = typeof declared === "string" && declared !== schemas.version ? `; the package declares OCF ${declared}: check it against that version's schemas` : "";
  for (const problem of explain(schemas, schemas.manifest.validate, manifest.value)) {
    diagnostics.push(invalid(manifest, [], "the manifest", problem, hint(schemas.manifest) + versionHint));
  }
  let files = 1;
  let objects = 0;
  const lists = isObject(manifest.value) ? Object.entries(manifest.value).filter(([key, v]) => key.endsWith("_files") && Array.isArray(v)) : [];
  for (const [list, refs] of lists) {
    (refs as unknown[]).forEach((ref, i) => {
      const filepath = isObject(ref) ? ref["filepath"] : undefined;
      if (typeof filepath !== "string") return; // the manifest's schema has said so
      const relative = filepath.replace(/^\.\//, "");
      const file = readJson(relative, join(dir, relative), readFile, sources, diagnostics, { manifest, at: [list, i, "filepath"] });
      if (!file) return;
      files++;
      const fileType = isObject(file.value) ? file.value["file_type"] : undefined;
      const schema = typeof fileType === "string" ? schemas.files.get(fileType) : undefined;
      if (!schema) {
        diagnostics.push(error("E_OCF_INVALID", `the file: file_type ${JSON.stringify(fileType ?? null)} is not a file type of OCF ${schemas.version}`, { span: file.locate(["file_type"]), hint: `the file types are ${[...schemas.files.keys()].sort().join(", ")}` }));
        return;
      }
      const items = isObject(file.value) ? file.value["items"] : undefined;
      const envelope = Array.isArray(items) ? { ...(file.value as Json), items: [] } : file.value;
      for (const problem of explain(schemas, schema.validate, envelope)) diagnostics.push(invalid(file, [], "the file", problem, hint(schema)));
      if (!Array.isArray(items)) return;
      const checkItem = (item: unknown, index: number): void => {
        const type = isObject(item) ? item["object_type"] : undefined;
        const id = isObject(item) && typeof item["id"] === "string" ? item["id"] : `#${index + 1}`;
        const noun = `${typeof type === "string" ? (OBJECT_NOUNS[type] ?? type) : "object"} ${JSON.stringify(id)}`;
        const candidates = typeof type === "string" ? (schema.itemTypes.get(type) ?? []) : [];
        if (candidates.length === 0) {
          const why = typeof type !== "string" ? "has no object_type" : !schemas.objectTypes.has(type) ? `object_type ${type} is not an object type of OCF ${schemas.version}` : `OCF ${schemas.version}'s ${fileType as string} may not hold ${type} objects`;
          diagnostics.push(error("E_OCF_INVALID", `${noun}: ${why}`, { span: file.locate(["items", index, "object_type"]), hint: `${hint(schema)} lists what the file may hold` }));
          return;
        }
        // The file's items are a oneOf: exactly one of the schemas for this object type must match.
        const outcomes = candidates.map((c) => ({ schema: c, problems: explain(schemas, c.validate, item) }));
        const passing = outcomes.filter((o) => o.problems.length === 0);
        if (passing.length > 1) {
          diagnostics.push(error("E_OCF_INVALID", `${noun}: matches ${passing.length} of OCF's schemas for ${type as string} (${passing.map((o) => o.schema.name).join(", ")}), where exactly one must match`, { span: file.locate(["items", index, "object_type"]), hint: hint(schema) }));
          return;
        }
        if (passing.length === 1) return;
        const closest = outcomes.reduce((a, b) => (b.problems.length < a.problems.length ? b : a));
        for (const problem of closest.problems) diagnostics.push(invalid(file, ["items", index], noun, problem, hint(closest.schema)));
      };
      items.forEach((item: unknown, index) => {
        objects++;
        const before = diagnostics.length;
        checkItem(item, index);
        const own = diagnostics.slice(before);
        if (own.length > 0 && isObject(item) && typeof item["id"] === "string") confined.set(item["id"], [...(confined.get(item["id"]) ?? []), ...own]);
      });
    });
  }
  return { diagnostics, sources, files, objects, confined };
}

/** One thing wrong with a value: where inside it, and what, in words. */
interface Problem {
  readonly at: ReadonlyArray<string | number>;
  readonly text: string;
  /** Said only if nothing else is said of the same field (a kind no branch wants, when the field's own schema already says so). */
  readonly unlessOther?: boolean;
}

function invalid(file: JsonFile, where: ReadonlyArray<string | number>, noun: string, problem: Problem, hint: string): Diagnostic {
  const field = fieldPath(problem.at);
  return error("E_OCF_INVALID", field ? `${noun}, field ${field}: ${problem.text}` : `${noun}: ${problem.text}`, { span: file.locate([...where, ...problem.at]), path: [file.name, ...where, ...problem.at], hint });
}

/** Validates `value` and puts what is wrong in words, one problem per field. */
function explain(schemas: PublishedSchemas, validate: ValidateFunction, value: unknown): Problem[] {
  if (validate(value)) return [];
  return describe(schemas, validate.errors ?? [], value);
}

function pointerPath(pointer: string): Array<string | number> {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * What ajv's errors say, one problem per field. ajv lists a failed oneOf (or anyOf) after the
 * errors of each of its branches, so walking from the end, each alternative is explained on its own
 * (below) and the errors its branches gave (counted by checking each branch again) are skipped;
 * every other error, at any depth, is described as it is.
 */
function describe(schemas: PublishedSchemas, errors: readonly ErrorObject[], value: unknown): Problem[] {
  const groups: Problem[][] = [];
  for (let i = errors.length - 1; i >= 0; i--) {
    const e = errors[i] as ErrorObject;
    const at = pointerPath(e.instancePath);
    if (e.keyword === "oneOf" || e.keyword === "anyOf") {
      const explained = explainAlternatives(schemas, e, at, valueAt(value, at));
      groups.unshift(explained.problems);
      i -= explained.branchErrors;
    } else groups.unshift([describeOne(e, at)]);
  }
  const seen = new Set<string>();
  const all = groups.flat();
  const said = new Set(all.filter((p) => !p.unlessOther).map((p) => p.at.join("/")));
  return all.filter((p) => {
    const key = `${p.at.join("/")}\u0000${p.text}`;
    if (seen.has(key) || (p.unlessOther && said.has(p.at.join("/")))) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A value that matched none (or several) of a oneOf's branches. A branch that wants another kind
 * (a `const` or `enum` on a field the value states, such as `type` or `compensation_type`) is set
 * aside; if one branch is left, its own problems are the answer; if none, the value's kind is not
 * one there is; otherwise the forms are listed. Also says how many errors the branches gave.
 */
function explainAlternatives(schemas: PublishedSchemas, e: ErrorObject, at: ReadonlyArray<string | number>, value: unknown): { problems: Problem[]; branchErrors: number } {
  const branches = Array.isArray(e.schema) ? (e.schema as unknown[]) : [];
  const kinds: string[] = [];
  const left: Problem[][] = [];
  let branchErrors = 0;
  let field: string | undefined;
  for (const branch of branches) {
    const validate = schemas.compile(branch);
    if (!validate || validate(value)) continue;
    const errors = validate.errors ?? [];
    branchErrors += errors.length;
    const discriminator = errors.find((x) => {
      const path = pointerPath(x.instancePath);
      return (x.keyword === "const" || x.keyword === "enum") && path.length === 1 && isObject(value) && value[path[0] as string] !== undefined;
    });
    if (discriminator) {
      field = String(pointerPath(discriminator.instancePath)[0]);
      const allowed = (discriminator.params as { allowedValue?: unknown; allowedValues?: unknown[] }).allowedValue ?? (discriminator.params as { allowedValues?: unknown[] }).allowedValues;
      kinds.push(...(Array.isArray(allowed) ? allowed : [allowed]).map((k) => String(k)));
      continue;
    }
    left.push(describe(schemas, errors, value).map((p) => ({ at: [...at, ...p.at], text: p.text })));
  }
  const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (Array.isArray(passing)) return { problems: [{ at, text: `matches ${passing.length} of the forms OCF allows here, where exactly one must match` }], branchErrors };
  if (left.length === 1) return { problems: left[0] as Problem[], branchErrors };
  if (left.length === 0 && kinds.length > 0 && field !== undefined) {
    const given = isObject(value) ? value[field] : undefined;
    const near = typeof given === "string" ? nearestName(given, kinds) : undefined;
    return { problems: [{ at: [...at, field], text: `${JSON.stringify(given)} is not one of the kinds OCF allows here: ${[...new Set(kinds)].join(", ")}${near ? ` (did you mean ${near}?)` : ""}`, unlessOther: true }], branchErrors };
  }
  if (left.length === 0) return { problems: [{ at, text: "matches none of the forms OCF allows here" }], branchErrors };
  const forms = left.map((problems) => problems.map((p) => (p.at.length > at.length ? `field ${fieldPath(p.at.slice(at.length))} ${p.text}` : `it ${p.text}`)).join(" and "));
  return { problems: [{ at, text: `matches none of the forms OCF allows here: either ${[...new Set(forms)].join(", or ")}` }], branchErrors };
}

const fieldPath = (path: ReadonlyArray<string | number>): string => path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");

function describeOne(e: ErrorObject, at: ReadonlyArray<string | number>): Problem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return { at: [...at, String(params["missingProperty"])], text: "is missing (OCF requires it)" };
    case "additionalProperties": {
      const field = String(params["additionalProperty"]);
      const known = isObject(e.parentSchema) && isObject(e.parentSchema["properties"]) ? Object.keys(e.parentSchema["properties"]) : [];
      const near = nearestName(field, known);
      return { at: [...at, field], text: `is not a field OCF allows here${near ? ` (did you mean ${near}?)` : ""}` };
    }
    case "enum": {
      const allowed = (params["allowedValues"] as unknown[]).map((v) => String(v));
      const near = typeof e.data === "string" ? nearestName(e.data, allowed) : undefined;
      return { at, text: `must be ${allowed.map((v) => JSON.stringify(v)).join(" or ")}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}` };
    }
    case "const":
      return { at, text: `must be ${JSON.stringify(params["allowedValue"])}` };
    case "type":
      return { at, text: `must be ${kindOf(String(params["type"]))}` };
    case "pattern":
      return { at, text: patternText(e) };
    case "format":
      return { at, text: params["format"] === "date" ? "must be a date, YYYY-MM-DD" : params["format"] === "date-time" ? "must be a date and time, such as 2026-01-05T09:00:00Z" : `must be ${String(params["format"])}` };
    case "not": {
      // OCF's "one of these two fields, not both": a `not` of a `required`.
      const excluded = isObject(e.schema) && Array.isArray(e.schema["required"]) ? e.schema["required"].map(String) : [];
      return excluded.length > 0 ? { at: [...at, ...(excluded.length === 1 ? [excluded[0] as string] : [])], text: excluded.length === 1 ? "must not be given here" : `must not be given together: ${excluded.join(", ")}` } : { at, text: "has a form OCF rules out here" };
    }
    case "minItems":
      return { at, text: `must have at least ${String(params["limit"])} item${params["limit"] === 1 ? "" : "s"}` };
    default:
      return { at, text: e.message ?? `fails ${e.keyword}` };
  }
}

function kindOf(type: string): string {
  const one = (t: string): string => (t === "object" ? "an object" : t === "array" ? "a list" : t === "string" ? "text" : t === "boolean" ? "true or false" : t === "null" ? "null" : `a ${t}`);
  return type.split(",").map(one).join(" or ");
}

/** OCF's number and currency types are patterns: say what they mean, then the pattern. */
function patternText(e: ErrorObject): string {
  const pattern = String((e.params as { pattern?: unknown }).pattern);
  // Where the pattern is from: the schema path, or (inside a branch checked on its own) the $id of the schema holding it.
  const from = `${e.schemaPath} ${isObject(e.parentSchema) ? String(e.parentSchema["$id"] ?? "") : ""}`;
  if (from.includes("/types/Numeric.schema.json")) return `must be a number written as text with at most 10 decimals, such as "1.5" (${JSON.stringify(e.data)} is not)`;
  if (from.includes("/types/CurrencyCode.schema.json")) return `must be a three-letter ISO 4217 currency code such as "USD" (${JSON.stringify(e.data)} is not)`;
  return `must match the pattern ${pattern} (${JSON.stringify(e.data)} does not)`;
}

function valueAt(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}
