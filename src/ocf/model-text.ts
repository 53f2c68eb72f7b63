/**
 * An imported equity section as the text of a model file: the company as a party, a horizon from
 * the package's first date to its as-of date, and the `equity:` section, one flow mapping per
 * holding as in examples/series-a-cap-table.yaml, so a reader can check it line by line.
 */
import type { Ratio } from "../money/ratio.js";
import type { ImportedEquity } from "./import-package.js";
import { decimalText } from "./numeric.js";

export function renderImportedModel(e: ImportedEquity, origin: string): string {
  const lines: string[] = [];
  const push = (indent: number, text: string): void => void lines.push(`${"  ".repeat(indent)}${text}`);
  const month = (day: string): string => day.slice(0, 7);
  push(0, `# Imported by \`dealgraph ocf import\` from the Open Cap Format package ${origin}`);
  push(0, `# (OCF ${e.ocfVersion}, as of ${e.asOf}). docs/ocf.md says what maps to what.`);
  push(0, "dealgraph: 1");
  push(0, `name: ${scalar(`${e.company} cap table`)}`);
  push(0, `currency: ${e.currency}`);
  push(0, `horizon: { start: ${month(e.firstDay)}, end: ${month(e.asOf)} }`);
  push(0, "");
  push(0, "parties:");
  push(1, `${scalar(e.company)}: company`);
  push(0, "");
  push(0, "equity:");
  push(1, `${scalar(e.company)}:`);
  push(2, "classes:");
  for (const c of e.classes) {
    if (c.kind === "common") {
      push(3, `${scalar(c.id)}: common`);
      continue;
    }
    const participation = c.participation.kind === "capped" ? `{ cap: ${multiple(c.participation.capMultiple)} }` : c.participation.kind;
    const fields = [
      "kind: preferred",
      `issue-price: ${decimalText(c.issuePrice)}`,
      `preference: ${multiple(c.preference)}`,
      `participation: ${participation}`,
      `seniority: ${c.seniority}`,
      ...(c.conversionRatio ? [`conversion-ratio: ${decimalText(c.conversionRatio)}`] : []),
      ...(c.convertsInto ? [`converts-into: ${scalar(c.convertsInto)}`] : []),
    ];
    push(3, `${scalar(c.id)}: { ${fields.join(", ")} }`);
  }
  if (e.pools.length > 0) {
    push(2, "pools:");
    for (const p of e.pools) push(3, `${scalar(p.id)}: { class: ${scalar(p.classId)}, reserved: ${p.reserved} }`);
  }
  const list = (key: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    push(2, `${key}:`);
    for (const item of items) push(3, `- { ${item} }`);
  };
  list(
    "holdings",
    e.holdings.map((h) => `holder: ${scalar(h.holder)}, class: ${scalar(h.classId)}, shares: ${h.shares}, issued: ${h.issued}`),
  );
  list(
    "options",
    e.options.map((o) => {
      const vesting = o.vesting ? `, vesting: { start: ${o.vesting.start}, months: ${o.vesting.months}, cliff: ${o.vesting.cliffMonths} }` : "";
      return `holder: ${scalar(o.holder)}, pool: ${scalar(o.pool)}, shares: ${o.shares}, strike: ${decimalText(o.strike)}, granted: ${o.granted}${vesting}`;
    }),
  );
  list(
    "warrants",
    e.warrants.map((w) => `holder: ${scalar(w.holder)}, class: ${scalar(w.classId)}, shares: ${w.shares}, strike: ${decimalText(w.strike)}, issued: ${w.issued}`),
  );
  const terms = (t: { cap?: Ratio; discount?: Ratio }): string => `${t.cap ? `, cap: ${decimalText(t.cap)}` : ""}${t.discount ? `, discount: ${percent(t.discount)}` : ""}`;
  list(
    "safes",
    e.safes.map((s) => `id: ${scalar(s.id)}, holder: ${scalar(s.holder)}, amount: ${decimalText(s.amount)}, basis: ${s.basis}${terms(s)}, mfn: ${s.mfn}, issued: ${s.issued}`),
  );
  list(
    "notes",
    e.notes.map(
      (n) =>
        `id: ${scalar(n.id)}, holder: ${scalar(n.holder)}, principal: ${decimalText(n.principal)}, rate: ${percent(n.rate)}, compounding: ${n.compounding}, day-count: ${n.dayCount}, issued: ${n.issued}, maturity: ${n.maturity}${terms(n)}`,
    ),
  );
  return `${lines.join("\n")}\n`;
}

const multiple = (r: Ratio): string => `${decimalText(r)}x`;
const percent = (r: Ratio): string => `${decimalText({ num: r.num * 100n, den: r.den })}%`;

/** A name as a YAML scalar: plain when that reads back as the same text, else double-quoted. */
export function scalar(text: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9 ._()&'/-]*$/.test(text) && !/ $/.test(text) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(text);
  return plain ? text : JSON.stringify(text);
}
