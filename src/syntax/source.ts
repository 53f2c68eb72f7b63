/**
 * Source files and spans. A span is a pair of character offsets into one file's text; line and
 * column are computed only when a diagnostic is rendered.
 */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly col: number;
}

/** Offsets where each line starts, for turning offsets into positions. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}
