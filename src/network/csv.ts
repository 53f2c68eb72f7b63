/**
 * A small RFC 4180 reader: comma-separated fields, double-quoted fields that may hold commas,
 * line breaks and doubled quotes (`""`), records ended by CRLF or LF. Every field keeps its
 * offsets in the text so that a diagnostic can point at it. Problems are returned, never thrown;
 * blank lines are skipped.
 */
export interface CsvField {
  /** The field's value, quotes removed and `""` read as `"`. */
  readonly text: string;
  /** Offsets of the field in the source text, quotes included. */
  readonly start: number;
  readonly end: number;
}

export interface CsvRecord {
  readonly fields: readonly CsvField[];
  /** 1-based line on which the record starts. */
  readonly line: number;
}

export interface CsvProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface CsvTable {
  readonly records: readonly CsvRecord[];
  readonly problems: readonly CsvProblem[];
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

export function parseCsv(text: string): CsvTable {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not data
  let line = 1;
  const atLineEnd = (): boolean => at >= text.length || text.charCodeAt(at) === LF || (text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF);
  const skipLineEnd = (): void => {
    if (text.charCodeAt(at) === CR) at++;
    if (text.charCodeAt(at) === LF) at++;
    line++;
  };
  while (at < text.length) {
    if (atLineEnd()) {
      skipLineEnd(); // a blank line
      continue;
    }
    const fields: CsvField[] = [];
    const recordLine = line;
    for (;;) {
      const start = at;
      let value = "";
      if (text.charCodeAt(at) === QUOTE) {
        at++;
        let closed = false;
        while (at < text.length) {
          const c = text.charCodeAt(at);
          if (c === QUOTE) {
            if (text.charCodeAt(at + 1) === QUOTE) {
              value += '"';
              at += 2;
              continue;
            }
            at++;
            closed = true;
            break;
          }
          if (c === LF) line++;
          value += text[at];
          at++;
        }
        if (!closed) problems.push({ message: "a quoted field is not closed before the end of the file", start, end: start + 1 });
        // Text after the closing quote is kept, but reported.
        const after = at;
        while (!atLineEnd() && text.charCodeAt(at) !== COMMA) at++;
        if (at > after) {
          problems.push({ message: "text after the closing quote of a field", start: after, end: at });
          value += text.slice(after, at);
        }
      } else {
        while (!atLineEnd() && text.charCodeAt(at) !== COMMA) at++;
        value = text.slice(start, at);
        const stray = value.indexOf('"');
        if (stray >= 0) problems.push({ message: 'a quote inside an unquoted field (quote the whole field and double the quote: "a ""b"" c")', start: start + stray, end: start + stray + 1 });
      }
      fields.push({ text: value, start, end: at });
      if (text.charCodeAt(at) === COMMA) {
        at++;
        continue;
      }
      if (at < text.length) skipLineEnd();
      break;
    }
    records.push({ fields, line: recordLine });
  }
  return { records, problems };
}
