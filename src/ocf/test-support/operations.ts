/**
 * The front door's OCF operations (src/api/ocf-operations.ts) on packages and models on disk, read
 * as the CLI reads them (src/cli/read-files.ts), for the tests of this folder's stages.
 */
import * as api from "../../api/ocf-operations.js";
import { modelFile } from "../../api/test-support/model-file.js";
import { packageReader } from "../../cli/read-files.js";
import type { PublishedSchemas } from "../published-schemas.js";
import type { ReadPackageFile } from "../read-package.js";

export { loadPublishedSchemas } from "../../cli/read-files.js";

/** Imports the package in the folder `dir` (or read through `readFile`, named `dir`). */
export function importOcf(dir: string, modelName?: string, options: { readonly schemas?: PublishedSchemas; readonly skipInvalid?: boolean; readonly readFile?: ReadPackageFile } = {}) {
  const { readFile, ...rest } = options;
  return api.importOcf({ package: dir, files: readFile ?? packageReader(dir), ...(modelName !== undefined ? { modelName } : {}), ...rest });
}

/** Exports the equity of the model file at `path`. */
export const exportOcf = (path: string, target: api.ExportTarget) => api.exportOcf({ ...modelFile(path), ...target });

/** Checks the package in the folder `dir` against the schemas. */
export const validateOcf = (dir: string, schemas: PublishedSchemas) => api.validateOcf({ package: dir, files: packageReader(dir), schemas });
