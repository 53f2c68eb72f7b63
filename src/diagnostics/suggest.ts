/**
 * "Did you mean …?" — the nearest known name to a misspelt one, by optimal string alignment
 * distance (Levenshtein plus transpositions), case-insensitive.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(s.length, t.length);
}

/**
 * The closest candidate to `name`, if it is close enough to be a likely typo: at most a third of
 * the name's length in edits (at least one), or a case-insensitive prefix match.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(name.length / 3));
  if (bestDistance <= limit) return best;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (lower.length >= 3 && (c.startsWith(lower) || lower.startsWith(c))) return candidate;
  }
  return undefined;
}

/** A hint sentence for an unknown name: `did you mean "Amazon"?`, or the list of known names. */
export function didYouMean(name: string, candidates: readonly string[], noun: string): string {
  const near = nearestName(name, candidates);
  if (near !== undefined) return `did you mean "${near}"?`;
  if (candidates.length === 0) return `no ${noun} is defined in this model`;
  const shown = candidates.slice(0, 8).map((c) => `"${c}"`).join(", ");
  const plural = /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
  return `known ${plural}: ${shown}${candidates.length > 8 ? ", …" : ""}`;
}
