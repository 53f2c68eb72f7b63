/**
 * Checks an OCF package (e.g. one `dealgraph ocf export` wrote) against the Open Cap Format's own
 * JSON schemas, from a local checkout of its repository. A developer tool, not part of `npm test`:
 * CI has no network and dealgraph does not depend on a JSON Schema validator.
 *
 *     npx tsx bench/ocf-schema-check.ts --schemas ~/src/Open-Cap-Format-OCF/schema PACKAGE_DIR
 *
 * It needs `ajv` and `ajv-formats`, which dealgraph does not install. Install them anywhere and
 * say where with `--ajv-from DIR` (the folder holding their node_modules), e.g.
 *
 *     npm install --prefix /tmp/ajv ajv ajv-formats
 *     npx tsx bench/ocf-schema-check.ts --ajv-from /tmp/ajv --schemas … PACKAGE_DIR
 *
 * Every schema under --schemas is registered by its `$id`; each package file is checked against
 * the file schema whose `file_type` it declares. The manifest's `ocf_version` must be the one the
 * checked-out schemas name (dealgraph writes 1.2.0: check out the v1.2.0 tag).
 * Exit status: 0 when every file is valid, 1 when one is not, 2 when the check cannot run.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

interface AjvError {
  readonly instancePath: string;
  readonly message?: string;
  readonly params?: unknown;
}
interface AjvInstance {
  addSchema(schema: object): void;
  getSchema(id: string): ((data: unknown) => boolean) & { errors?: AjvError[] | null };
}
type AjvClass = new (options: object) => AjvInstance;

async function load(name: string, from: string | undefined): Promise<unknown> {
  if (from === undefined) return import(name);
  const resolved = createRequire(join(from, "package.json")).resolve(name);
  return import(pathToFileURL(resolved).href);
}

async function loadAjv(from: string | undefined): Promise<{ Ajv: AjvClass; addFormats: (ajv: AjvInstance) => void } | undefined> {
  try {
    const ajv = (await load("ajv", from)) as { default: AjvClass | { default: AjvClass } };
    const formats = (await load("ajv-formats", from)) as { default: ((ajv: AjvInstance) => void) | { default: (ajv: AjvInstance) => void } };
    const Ajv = "default" in ajv.default ? ajv.default.default : ajv.default;
    const addFormats = "default" in formats.default ? formats.default.default : formats.default;
    return { Ajv, addFormats };
  } catch {
    return undefined;
  }
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? schemaFiles(path) : name.endsWith(".schema.json") ? [path] : [];
  });
}

async function main(argv: string[]): Promise<number> {
  const option = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const value = argv[i + 1];
    argv.splice(i, 2);
    return value;
  };
  const schemas = option("--schemas");
  const ajvFrom = option("--ajv-from");
  const packageDir = argv[0];
  if (!schemas || !packageDir) {
    console.error("usage: npx tsx bench/ocf-schema-check.ts --schemas OCF_CHECKOUT/schema [--ajv-from DIR] PACKAGE_DIR");
    return 2;
  }
  const loaded = await loadAjv(ajvFrom);
  if (!loaded) {
    console.error(
      "ajv and ajv-formats are not installed (dealgraph does not depend on them).\n" +
        "Install them outside the project, e.g. `npm install --prefix /tmp/ajv ajv ajv-formats`,\n" +
        "and run again with `--ajv-from /tmp/ajv`.",
    );
    return 2;
  }
  // OCF's schemas use keywords ajv's strict mode refuses (`deprecated: "true"`, `$comment` beside `$ref`).
  const ajv = new loaded.Ajv({ strict: false, allErrors: true });
  loaded.addFormats(ajv);
  const fileSchemas = new Map<string, string>();
  for (const path of schemaFiles(schemas)) {
    const schema = JSON.parse(readFileSync(path, "utf8")) as { $id: string; properties?: { file_type?: { const?: string } } };
    ajv.addSchema(schema);
    const fileType = schema.properties?.file_type?.const;
    if (fileType) fileSchemas.set(fileType, schema.$id);
  }
  let invalid = 0;
  for (const name of readdirSync(packageDir).filter((n) => n.endsWith(".ocf.json")).sort()) {
    const data = JSON.parse(readFileSync(join(packageDir, name), "utf8")) as { file_type?: string };
    const id = data.file_type ? fileSchemas.get(data.file_type) : undefined;
    const validate = id ? ajv.getSchema(id) : undefined;
    if (!validate) {
      console.log(`${name}: no schema for file_type ${String(data.file_type)}`);
      invalid++;
      continue;
    }
    if (validate(data)) {
      console.log(`${name}: valid`);
      continue;
    }
    invalid++;
    const errors = validate.errors ?? [];
    console.log(`${name}: ${errors.length} error(s)`);
    for (const e of errors.slice(0, 40)) console.log(`  ${e.instancePath || "/"}: ${e.message ?? ""} ${JSON.stringify(e.params)}`);
  }
  return invalid === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
