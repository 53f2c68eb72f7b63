/**
 * The flows of a network as hand-written SVG (no DOM, no chart library: Sankey layouts throw on
 * cycles, and cycles are the point). Two panels share one placement of the parties on a circle:
 * on the left the maximum circulation, the money that can run in closed loops; on the right the
 * acyclic remainder, what is left when the loops are taken out. An edge's width grows with the
 * square root of its amount, so that small flows stay visible beside large ones; A → B and
 * B → A bow to opposite sides, so both directions of a pair show.
 */
import type { FlowsAnalysis } from "../analysis/network-flows.js";
import { money } from "../money/money.js";
import { formatMonth } from "../time/month.js";
import { fmtMoney } from "./format.js";
import { fmtShare } from "./flows-text.js";
import { escapeXml } from "./svg.js";

const PANEL = 640;
const TOP = 96;
const RADIUS = 210;
const NODE = 5;
/** Widest edge, in pixels: the largest amount of either panel. */
const MAX_WIDTH = 22;
/** Edges below this share of the largest amount get no label: they would only clutter. */
const LABEL_SHARE = 0.04;
const CIRCULATION = "#D55E00";
const REMAINDER = "#0072B2";
const LOOPS_LISTED = 6;

interface Point {
  readonly x: number;
  readonly y: number;
}

interface DrawnEdge {
  readonly from: number;
  readonly to: number;
  readonly amount: number;
}

const round = (x: number): string => (Math.round(x * 10) / 10).toString();

export function renderFlowDiagram(a: FlowsAnalysis): string {
  const n = a.network;
  const circulation: DrawnEdge[] = [];
  const remainder: DrawnEdge[] = [];
  for (let i = 0; i < n.partyCount; i++) {
    for (let e = n.edgeStart[i] ?? 0; e < (n.edgeStart[i + 1] ?? 0); e++) {
      const to = n.edgeTarget[e] ?? 0;
      const amount = n.edgeAmount[e] ?? 0;
      const c = a.circulationByEdge[e] ?? 0;
      if (c > 0) circulation.push({ from: i, to, amount: c });
      if (amount - c > 0) remainder.push({ from: i, to, amount: amount - c });
    }
  }
  const { hub, order } = placement(n.partyCount, [...circulation, ...remainder]);
  const angle = new Map(order.map((p, k) => [p, -Math.PI / 2 + (2 * Math.PI * k) / order.length]));
  const largest = Math.max(1, ...circulation.map((e) => e.amount), ...remainder.map((e) => e.amount));
  const money$ = (x: number): string => fmtMoney(money(BigInt(Math.round(x))), a.currency);
  const m = a.metrics.maximumCirculationShare;

  const panel = (left: number, edges: readonly DrawnEdge[], colour: string, title: string, subtitle: string): string[] => {
    const centre = { x: left + PANEL / 2, y: TOP + 40 + RADIUS + 40 };
    const at = (p: number): Point => (p === hub ? centre : { x: centre.x + RADIUS * Math.cos(angle.get(p) ?? 0), y: centre.y + RADIUS * Math.sin(angle.get(p) ?? 0) });
    const out: string[] = [];
    out.push(`<text x="${left + 24}" y="${TOP}" class="title" fill="${colour}">${escapeXml(title)}</text>`);
    out.push(`<text x="${left + 24}" y="${TOP + 20}" class="note">${escapeXml(subtitle)}</text>`);
    // Thin edges are drawn last, so that a thick one never hides them.
    const sorted = [...edges].sort((x, y) => y.amount - x.amount);
    const labels: string[] = [];
    const placed: Box[] = [];
    for (const edge of sorted) {
      const width = Math.max(1, MAX_WIDTH * Math.sqrt(edge.amount / largest));
      const curve = bow(at(edge.from), at(edge.to), NODE + 3 + width / 2, width / 2 + 8);
      out.push(`<path d="M${round(curve.start.x)},${round(curve.start.y)} Q${round(curve.control.x)},${round(curve.control.y)} ${round(curve.end.x)},${round(curve.end.y)}" stroke="${colour}" stroke-width="${round(width)}" stroke-opacity="0.55" fill="none" marker-end="url(#arrow-${colour.slice(1)})"><title>${escapeXml(`${n.parties[edge.from] ?? ""} → ${n.parties[edge.to] ?? ""}: ${money$(edge.amount)}`)}</title></path>`);
      if (edge.amount >= LABEL_SHARE * largest) {
        const text = money$(edge.amount);
        const spot = freeSpot(placed, [0.5, 0.35, 0.65, 0.25, 0.75].map(curve.labelAt), text.length * 6.5 + 4, 15);
        labels.push(`<text x="${round(spot.x)}" y="${round(spot.y + 4)}" class="amount" text-anchor="middle">${escapeXml(text)}</text>`);
      }
    }
    out.push(...labels);
    if (hub !== undefined) {
      out.push(`<circle cx="${round(centre.x)}" cy="${round(centre.y)}" r="${NODE + 2}" fill="#333"/>`);
      out.push(`<text x="${round(centre.x)}" y="${round(centre.y - NODE - 10)}" class="party hub" text-anchor="middle">${escapeXml(n.parties[hub] ?? "")}</text>`);
    }
    for (const p of order) {
      const point = at(p);
      const theta = angle.get(p) ?? 0;
      const label = { x: centre.x + (RADIUS + 16) * Math.cos(theta), y: centre.y + (RADIUS + 16) * Math.sin(theta) + 4 };
      const anchor = Math.abs(Math.cos(theta)) < 0.3 ? "middle" : Math.cos(theta) > 0 ? "start" : "end";
      out.push(`<circle cx="${round(point.x)}" cy="${round(point.y)}" r="${NODE}" fill="#333"/>`);
      out.push(`<text x="${round(label.x)}" y="${round(label.y)}" class="party" text-anchor="${anchor}">${escapeXml(n.parties[p] ?? "")}</text>`);
    }
    return out;
  };

  const loops = m.loops.slice(0, LOOPS_LISTED).map((l) => `${money$(Number(l.amount))} round ${[...l.parties, l.parties[0] ?? ""].join(" → ")}`);
  const loopsTop = TOP + 40 + 2 * RADIUS + 110;
  const height = loopsTop + 24 + 18 * Math.max(loops.length, 1) + 24;
  const statuses = a.statuses.length === 5 ? "all statuses" : `statuses ${a.statuses.join(", ")}`;
  const body = [
    `<text x="24" y="36" class="heading">${escapeXml(a.name)}</text>`,
    `<text x="24" y="58" class="note">${escapeXml(`${formatMonth(a.window.from)}..${formatMonth(a.window.to)} · ${statuses} · ${a.weighting === "probability" ? "weighted by probability" : "face value"} · between parties ${money$(Number(m.totalFlow))} · affiliates rolled up`)}</text>`,
    ...panel(0, circulation, CIRCULATION, "Circulation: money that can go round loops", `${money$(Number(m.circulation))}, ${fmtShare(m.share)} of the flow between parties (maximumCirculationShare)`),
    ...panel(PANEL, remainder, REMAINDER, "Acyclic remainder: the rest, with no loop left", `${money$(Number(m.totalFlow) - Number(m.circulation))}; width ∝ √amount, same scale on both sides`),
    `<text x="24" y="${loopsTop}" class="title" fill="${CIRCULATION}">Largest loops (one decomposition of the circulation)</text>`,
    ...(loops.length > 0 ? loops : ["no loop: the flows are acyclic"]).map((line, k) => `<text x="24" y="${loopsTop + 24 + 18 * k}" class="note">${escapeXml(line)}</text>`),
  ];
  const marker = (colour: string): string =>
    `<marker id="arrow-${colour.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * PANEL}" height="${round(height)}" viewBox="0 0 ${2 * PANEL} ${round(height)}" font-family="Helvetica, Arial, sans-serif">`,
    `<defs>${marker(CIRCULATION)}${marker(REMAINDER)}<style>.heading{font-size:20px;font-weight:bold}.title{font-size:15px;font-weight:bold}.note{font-size:12px;fill:#444}.party{font-size:13px;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:4px}.hub{font-weight:bold}.amount{font-size:11px;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px}</style></defs>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<line x1="${PANEL}" y1="${TOP - 20}" x2="${PANEL}" y2="${loopsTop - 30}" stroke="#ddd"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/**
 * Where the parties go: the party with the most flow (the hub) in the centre, so that its flows
 * are spokes rather than chords across the circle, and the others round the circle in an order
 * that puts parties that pay each other a lot side by side: repeatedly the unplaced party with
 * the most flow to or from the parties placed last. Parties without flow are left out.
 */
function placement(partyCount: number, edges: readonly DrawnEdge[]): { hub?: number; order: number[] } {
  const weight = new Map<string, number>();
  const touching = new Float64Array(partyCount);
  for (const e of edges) {
    const key = e.from < e.to ? `${e.from},${e.to}` : `${e.to},${e.from}`;
    weight.set(key, (weight.get(key) ?? 0) + e.amount);
    touching[e.from] = (touching[e.from] ?? 0) + e.amount;
    touching[e.to] = (touching[e.to] ?? 0) + e.amount;
  }
  const between = (p: number, q: number): number => weight.get(p < q ? `${p},${q}` : `${q},${p}`) ?? 0;
  const left = new Set<number>();
  for (let p = 0; p < partyCount; p++) if ((touching[p] ?? 0) > 0) left.add(p);
  // A hub only helps when there is a circle of others round it.
  let hub: number | undefined;
  if (left.size >= 5) {
    for (const p of left) if (hub === undefined || (touching[p] ?? 0) > (touching[hub] ?? 0)) hub = p;
    if (hub !== undefined) left.delete(hub);
  }
  const order: number[] = [];
  while (left.size > 0) {
    let best = -1;
    let bestScore = -1;
    for (const p of left) {
      const last = order[order.length - 1];
      const previous = order[order.length - 2];
      const score = last === undefined ? (touching[p] ?? 0) : between(p, last) * 2 + (previous === undefined ? 0 : between(p, previous)) + (touching[p] ?? 0) * 1e-6;
      if (score > bestScore) [best, bestScore] = [p, score];
    }
    order.push(best);
    left.delete(best);
  }
  return hub === undefined ? { order } : { hub, order };
}

/**
 * A quadratic curve from `a` to `b` bowed to the right of its direction, stopping `gap` short of
 * `b`; `middle` is where its label goes, `labelOffset` further out than the curve's middle, so
 * that the labels of A → B and B → A sit on either side.
 */
function bow(a: Point, b: Point, gap: number, labelOffset: number): { start: Point; control: Point; end: Point; labelAt: (t: number) => Point } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const normal = { x: -dy / length, y: dx / length };
  const offset = 0.2 * length;
  const control = { x: (a.x + b.x) / 2 + normal.x * offset, y: (a.y + b.y) / 2 + normal.y * offset };
  const toEnd = { x: b.x - control.x, y: b.y - control.y };
  const toEndLength = Math.hypot(toEnd.x, toEnd.y) || 1;
  const end = { x: b.x - (toEnd.x / toEndLength) * gap, y: b.y - (toEnd.y / toEndLength) * gap };
  const toStart = { x: a.x - control.x, y: a.y - control.y };
  const toStartLength = Math.hypot(toStart.x, toStart.y) || 1;
  const start = { x: a.x - (toStart.x / toStartLength) * (NODE + 2), y: a.y - (toStart.y / toStartLength) * (NODE + 2) };
  const labelAt = (t: number): Point => {
    const [p, q, r] = [(1 - t) * (1 - t), 2 * t * (1 - t), t * t];
    return { x: p * start.x + q * control.x + r * end.x + normal.x * labelOffset, y: p * start.y + q * control.y + r * end.y + normal.y * labelOffset };
  };
  return { start, control, end, labelAt };
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The first candidate centre where a label of this size overlaps no label placed so far (else the first); records it. */
function freeSpot(placed: Box[], candidates: readonly Point[], width: number, height: number): Point {
  const overlaps = (c: Point): boolean => placed.some((b) => Math.abs(b.x - c.x) * 2 < b.width + width && Math.abs(b.y - c.y) * 2 < b.height + height);
  const spot = candidates.find((c) => !overlaps(c)) ?? candidates[0] ?? { x: 0, y: 0 };
  placed.push({ x: spot.x, y: spot.y, width, height });
  return spot;
}
