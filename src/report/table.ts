/** Plain-text tables: left-aligned text columns, right-aligned figures, a rule under the header. */
export interface Column {
  readonly title: string;
  readonly align?: "left" | "right";
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], indent = "  "): string {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? "").length)));
  const cell = (text: string, i: number): string => {
    const w = widths[i] ?? 0;
    return columns[i]?.align === "right" ? text.padStart(w) : text.padEnd(w);
  };
  const line = (cells: readonly string[]): string => `${indent}${cells.map(cell).join("  ")}`.trimEnd();
  return [line(columns.map((c) => c.title)), `${indent}${widths.map((w) => "-".repeat(w)).join("  ")}`, ...rows.map(line)].join("\n");
}
