/**
 * What every operation of the front door (front-door.ts) takes and gives back. An operation takes
 * a model's text, never a path: the front end reads files at its edge (the CLI from disk, the
 * workbench from its editor and store), and referenced files (a model's flow CSVs) are read only
 * through the request's `readFile`.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../syntax/source.js";

/** Reads a referenced file, or says why not as a diagnostic (E_FILE_NOT_FOUND, E_FILE_UNREADABLE). Never throws. */
export type FileReader = (path: string) => { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** A model as a front end hands it over. */
export interface ModelRequest {
  /** The name spans and messages use (a path for the CLI); flow files are resolved against its folder. */
  readonly file: string;
  readonly text: string;
  /** Reads the files the model refers to; without it, naming a flow file is an error. */
  readonly readFile?: FileReader;
}

export interface OperationResult<T> {
  /** Present when the operation could answer; errors among the diagnostics may still stop a front end from showing it. */
  readonly value?: T;
  readonly diagnostics: readonly Diagnostic[];
  /** The texts read (the model's, its flow files', a package's), for rendering diagnostics with their source lines. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}
