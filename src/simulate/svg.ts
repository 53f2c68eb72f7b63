/**
 * Charts as plain SVG text, written by hand (no DOM, no chart library): a fan chart of cash per
 * month and a tornado chart of sensitivities. Small, with labelled axes; every name is escaped.
 */
import { formatShort, money } from "../money/money.js";
import { formatMonth, monthOfYear, type Month } from "../time/month.js";
import type { Tornado } from "./sensitivity.js";
import type { SimulationResult } from "./summary.js";
import { escapeXml, niceTicks } from "../report/svg.js";

export { niceTicks };

export interface ChartOptions {
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
}

const FONT = `font-family="system-ui, sans-serif" font-size="11"`;
const MARGIN = { left: 72, right: 16, top: 28, bottom: 36 };

const fixed = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Money in minor units as a short figure: `1.2 B`. */
function moneyLabel(minor: number, currency: string): string {
  return formatShort(money(BigInt(Math.round(minor))), currency, 1);
}


/**
 * A fan chart: closing cash per month, the outer band between the lowest and highest percentile,
 * an inner band between the next pair in, and the median (or middle percentile) as a line; a
 * dashed line at zero when cash can go below it.
 */
export function renderCashFan(result: SimulationResult, options: ChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const title = options.title ?? `Cash of ${result.company}: percentiles of ${result.runs.toLocaleString("en-US")} runs`;
  const M = result.months;
  const bands = result.cashBands;
  let low = 0;
  let high = 0;
  for (const b of bands) for (const v of b.values) [low, high] = [Math.min(low, v), Math.max(high, v)];
  const ticks = niceTicks(low, high);
  low = Math.min(low, ticks[0] ?? low);
  high = Math.max(high, ticks[ticks.length - 1] ?? high);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (m: number): number => MARGIN.left + (M <= 1 ? 0 : (m / (M - 1)) * plotW);
  const y = (v: number): number => MARGIN.top + (high === low ? plotH / 2 : ((high - v) / (high - low)) * plotH);
  const line = (values: Float64Array): string => Array.from(values, (v, m) => `${fixed(x(m))},${fixed(y(v))}`).join(" ");
  const area = (lower: Float64Array, upper: Float64Array): string => `${line(upper)} ${Array.from(lower, (v, m) => `${fixed(x(m))},${fixed(y(v))}`).reverse().join(" ")}`;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`);
  parts.push(`<title>${escapeXml(title)}</title>`);
  parts.push(`<text x="${MARGIN.left}" y="16" font-size="13" font-weight="600">${escapeXml(title)}</text>`);
  // Grid and y axis.
  for (const t of ticks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${fixed(y(t))}" y2="${fixed(y(t))}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${fixed(y(t) + 4)}" text-anchor="end">${escapeXml(moneyLabel(t, result.currency))}</text>`);
  }
  parts.push(`<text transform="translate(14 ${fixed(MARGIN.top + plotH / 2)}) rotate(-90)" text-anchor="middle">cash (${escapeXml(result.currency)})</text>`);
  // Bands, outside in.
  const shades = ["#bfdbfe", "#93c5fd", "#60a5fa"];
  for (let i = 0; i < Math.floor(bands.length / 2); i++) {
    const lower = bands[i];
    const upper = bands[bands.length - 1 - i];
    if (!lower || !upper) continue;
    parts.push(`<polygon points="${area(lower.values, upper.values)}" fill="${shades[Math.min(i, shades.length - 1)]}" stroke="none"><title>p${lower.percentile}–p${upper.percentile}</title></polygon>`);
  }
  const middle = bands[Math.floor(bands.length / 2)];
  if (middle) parts.push(`<polyline points="${line(middle.values)}" fill="none" stroke="#1d4ed8" stroke-width="2"><title>p${middle.percentile}</title></polyline>`);
  if (low < 0) parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${fixed(y(0))}" y2="${fixed(y(0))}" stroke="#dc2626" stroke-dasharray="4 3"/>`);
  // X axis: a tick each January (or at the start), labelled with the month.
  const axisY = MARGIN.top + plotH;
  parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${axisY}" y2="${axisY}" stroke="#374151"/>`);
  const every = M > 36 ? 12 : M > 12 ? 6 : 1;
  for (let m = 0; m < M; m++) {
    const mo = (result.start + m) as Month;
    if (!(m === 0 || (every === 12 ? monthOfYear(mo) === 1 : m % every === 0))) continue;
    parts.push(`<line x1="${fixed(x(m))}" x2="${fixed(x(m))}" y1="${axisY}" y2="${axisY + 4}" stroke="#374151"/>`);
    parts.push(`<text x="${fixed(x(m))}" y="${axisY + 16}" text-anchor="middle">${formatMonth(mo)}</text>`);
  }
  const legend = bands.length >= 2 ? `bands p${bands[0]?.percentile}–p${bands[bands.length - 1]?.percentile}, line p${middle?.percentile}` : "";
  parts.push(`<text x="${width - MARGIN.right}" y="${height - 6}" text-anchor="end" fill="#4b5563">${escapeXml(legend)}</text>`);
  parts.push("</svg>");
  return parts.join("\n");
}

/**
 * A tornado chart: one bar per driver from its low-input result to its high-input result, around
 * a vertical line at the base result, largest swing on top; the driver's low and high inputs are
 * written at the bar's ends.
 */
export function renderTornado(tornado: Tornado, options: ChartOptions = {}): string {
  const rowHeight = 24;
  const width = options.width ?? 640;
  const left = 150;
  const height = options.height ?? MARGIN.top + MARGIN.bottom + Math.max(1, tornado.rows.length) * rowHeight;
  const title = options.title ?? `Sensitivity of ${tornado.measure}`;
  const format = (v: number): string => (tornado.money ? moneyLabel(v, tornado.currency) : formatNumber(v));
  let low = tornado.base;
  let high = tornado.base;
  for (const r of tornado.rows) [low, high] = [Math.min(low, r.lowOutput, r.highOutput), Math.max(high, r.lowOutput, r.highOutput)];
  const ticks = niceTicks(low, high, 4);
  low = Math.min(low, ticks[0] ?? low);
  high = Math.max(high, ticks[ticks.length - 1] ?? high);
  const plotW = width - left - MARGIN.right - 40;
  const x = (v: number): number => left + (high === low ? plotW / 2 : ((v - low) / (high - low)) * plotW);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`);
  parts.push(`<title>${escapeXml(title)}</title>`);
  parts.push(`<text x="8" y="16" font-size="13" font-weight="600">${escapeXml(title)}</text>`);
  const axisY = MARGIN.top + tornado.rows.length * rowHeight;
  for (const t of ticks) {
    parts.push(`<line x1="${fixed(x(t))}" x2="${fixed(x(t))}" y1="${MARGIN.top}" y2="${axisY}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${fixed(x(t))}" y="${axisY + 16}" text-anchor="middle">${escapeXml(format(t))}</text>`);
  }
  tornado.rows.forEach((r, i) => {
    const top = MARGIN.top + i * rowHeight + 4;
    const h = rowHeight - 8;
    const lowSide = Math.min(r.lowOutput, r.highOutput);
    const highSide = Math.max(r.lowOutput, r.highOutput);
    const lowIsLowInput = r.lowOutput <= r.highOutput;
    parts.push(`<text x="${left - 8}" y="${fixed(top + h / 2 + 4)}" text-anchor="end">${escapeXml(r.driver)}</text>`);
    // The part of the bar from the low input is orange, from the high input blue.
    parts.push(`<rect x="${fixed(x(lowSide))}" y="${top}" width="${fixed(Math.max(0, x(tornado.base) - x(lowSide)))}" height="${h}" fill="${lowIsLowInput ? "#fb923c" : "#60a5fa"}"><title>${escapeXml(`${r.driver}: ${format(lowSide)}`)}</title></rect>`);
    parts.push(`<rect x="${fixed(x(tornado.base))}" y="${top}" width="${fixed(Math.max(0, x(highSide) - x(tornado.base)))}" height="${h}" fill="${lowIsLowInput ? "#60a5fa" : "#fb923c"}"><title>${escapeXml(`${r.driver}: ${format(highSide)}`)}</title></rect>`);
    const lowInput = lowIsLowInput ? r.lowInput : r.highInput;
    const highInput = lowIsLowInput ? r.highInput : r.lowInput;
    // Inputs are written outside the bar's ends, or just inside where the plot's edge is too near.
    const room = 44;
    const lowOutside = x(lowSide) - left >= room;
    const highOutside = left + plotW + 40 - x(highSide) >= room;
    parts.push(`<text x="${fixed(lowOutside ? x(lowSide) - 4 : x(lowSide) + 4)}" y="${fixed(top + h / 2 + 4)}" text-anchor="${lowOutside ? "end" : "start"}" fill="${lowOutside ? "#4b5563" : "#111827"}">${formatNumber(lowInput)}</text>`);
    parts.push(`<text x="${fixed(highOutside ? x(highSide) + 4 : x(highSide) - 4)}" y="${fixed(top + h / 2 + 4)}" text-anchor="${highOutside ? "start" : "end"}" fill="${highOutside ? "#4b5563" : "#111827"}">${formatNumber(highInput)}</text>`);
  });
  parts.push(`<line x1="${fixed(x(tornado.base))}" x2="${fixed(x(tornado.base))}" y1="${MARGIN.top - 4}" y2="${axisY}" stroke="#111827"/>`);
  parts.push(`<text x="${fixed(x(tornado.base))}" y="${MARGIN.top - 8}" text-anchor="middle">base ${escapeXml(format(tornado.base))}</text>`);
  parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${axisY}" y2="${axisY}" stroke="#374151"/>`);
  parts.push(`<text x="${fixed(left + plotW / 2)}" y="${height - 4}" text-anchor="middle" fill="#4b5563">${escapeXml(tornado.measure)}${tornado.money ? ` (${escapeXml(tornado.currency)})` : ""}; orange: driver low, blue: driver high</text>`);
  parts.push("</svg>");
  return parts.join("\n");
}

/** A plain number with up to 4 significant digits: 0.0123, 4,900, 1.5e+7. */
function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e7 || Math.abs(v) < 1e-4)) return v.toExponential(2);
  return Number(v.toPrecision(3)).toLocaleString("en-US", { maximumFractionDigits: 6 });
}

