/**
 * The payout curves as an SVG chart: one line per class, payout against exit value, the exact
 * breakpoints as dashed verticals; with conditional holdings, the "no condition met" case as
 * dashed lines beside the solid "every condition met" ones.
 */
import type { PayoutCurveReport } from "../analysis/equity.js";
import { formatShort, minorDigits } from "../money/money.js";
import { escapeXml, niceTicks, PALETTE } from "./svg.js";

export function payoutChartSvg(p: PayoutCurveReport): string {
  const { currency } = p;
  const width = 880;
  const height = 520;
  const margin = { left: 90, right: 200, top: 50, bottom: 60 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const unit = 10 ** minorDigits(currency);
  const xs = p.exitValues.map((v) => Number(v) / unit);
  const xMax = Math.max(...xs, 1);
  const yMaxRaw = Math.max(1, ...p.cases.flatMap((c) => c.value.points.flatMap((pt) => pt.classes.map((v) => Number(v) / unit))));
  const yTicks = niceTicks(0, yMaxRaw);
  const xTicks = niceTicks(0, xMax);
  const yMax = Math.max(yTicks[yTicks.length - 1] ?? yMaxRaw, yMaxRaw);
  const xTop = Math.max(xTicks[xTicks.length - 1] ?? xMax, xMax);
  const x = (v: number): number => margin.left + (v / xTop) * plotW;
  const y = (v: number): number => margin.top + plotH - (v / yMax) * plotH;
  const label = (v: number): string => formatShort(BigInt(Math.round(v * unit)) as never, currency, 1);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${margin.left}" y="28" font-size="16" font-weight="bold">${escapeXml(`Payout by class: ${p.company}, ${p.date}`)}</text>`);
  for (const t of yTicks) parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e5e5"/><text x="${margin.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${escapeXml(label(t))}</text>`);
  for (const t of xTicks) parts.push(`<text x="${x(t).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle">${escapeXml(label(t))}</text>`);
  parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/><line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 18}" text-anchor="middle">exit value (${escapeXml(currency)})</text>`);
  parts.push(`<text transform="translate(22 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">payout (${escapeXml(currency)})</text>`);
  const first = p.cases[0];
  if (first) {
    for (const b of first.value.breakpoints) {
      const bx = Number(b.exitValue.num / b.exitValue.den) / unit;
      if (bx <= 0 || bx > xTop) continue;
      parts.push(`<line x1="${x(bx).toFixed(1)}" x2="${x(bx).toFixed(1)}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#999" stroke-dasharray="3 4"><title>${escapeXml(`${label(bx)}: ${b.reasons.join("; ")}`)}</title></line>`);
    }
  }
  p.cases.forEach((c, caseIndex) => {
    c.value.classIds.forEach((id, k) => {
      const points = c.value.points.map((pt, i) => `${x(xs[i] ?? 0).toFixed(1)},${y(Number(pt.classes[k] ?? 0n) / unit).toFixed(1)}`).join(" ");
      parts.push(`<polyline fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="${caseIndex === 0 ? 2.2 : 1.6}"${caseIndex === 0 ? "" : ' stroke-dasharray="6 4"'} points="${points}"><title>${escapeXml(`${id} (${c.label})`)}</title></polyline>`);
    });
  });
  const legendX = margin.left + plotW + 20;
  (first?.value.classIds ?? []).forEach((id, k) => {
    const ly = margin.top + 10 + k * 20;
    parts.push(`<line x1="${legendX}" x2="${legendX + 24}" y1="${ly}" y2="${ly}" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="2.2"/><text x="${legendX + 30}" y="${ly + 4}">${escapeXml(id)}</text>`);
  });
  if (p.cases.length > 1) {
    const ly = margin.top + 20 + (first?.value.classIds.length ?? 0) * 20;
    parts.push(`<text x="${legendX}" y="${ly + 4}">solid: ${escapeXml(p.cases[0]?.label ?? "")}</text><text x="${legendX}" y="${ly + 22}">dashed: ${escapeXml(p.cases[1]?.label ?? "")}</text>`);
  }
  parts.push(`<text x="${legendX}" y="${margin.top + plotH}" fill="#666">dashed verticals: breakpoints</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
