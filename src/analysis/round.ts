/**
 * Question 1 — who owns what after a round, with every conditional tranche and without them,
 * and the step-up from the previous valuation mark.
 */
import { add, minorDigits, money, ZERO, type Money } from "../money/money.js";
import { divideHalfEven, ratio, type Ratio } from "../money/ratio.js";
import type { ModelInput, RoundInput } from "../model/types.js";
import type { Month } from "../time/month.js";
import { FigureBook, moneyValue, ratioValue, type Reported } from "./reported.js";

export interface InvestorStake {
  readonly investor: string;
  readonly amount: Reported;
  readonly stake: Reported;
}

export interface RoundCase {
  readonly raised: Reported;
  readonly postMoney: Reported;
  readonly investors: readonly InvestorStake[];
  /** Share of the post-money held by the new investors together. */
  readonly newMoneyStake: Reported;
}

export interface ConditionalTranche {
  readonly investor: string;
  readonly amount: Money;
  readonly condition: string;
  readonly probability?: Ratio;
}

export interface RoundAnalysis {
  readonly name: string;
  readonly company: string;
  readonly date: Month;
  readonly preMoney: Reported;
  readonly previousMark?: Reported;
  /** Pre-money divided by the previous mark. */
  readonly stepUp?: Reported;
  readonly announcedSize?: Reported;
  readonly finalClose?: Month;
  readonly withConditional: RoundCase;
  readonly withoutConditional: RoundCase;
  readonly conditionalTranches: readonly ConditionalTranche[];
}

export function analyseRounds(model: ModelInput, book: FigureBook): RoundAnalysis[] {
  return model.rounds.map((round) => analyseRound(round, model, book));
}

function analyseRound(round: RoundInput, model: ModelInput, book: FigureBook): RoundAnalysis {
  const id = `round.${round.name}`;
  const preMoney = book.add(preMoneyFigure(round, model.currency, id));
  const previousMark = round.previousMark
    ? book.add({ id: `${id}.previous-mark`, label: `previous valuation mark of ${round.company.name}`, value: moneyValue(round.previousMark.value), derivation: "as written", inputs: [{ label: "previous-mark", at: round.previousMark.at }] })
    : undefined;
  const stepUp =
    round.previousMark && round.previousMark.value > 0n
      ? book.add({ id: `${id}.step-up`, label: "step-up from the previous mark (pre-money / previous mark)", value: ratioValue(ratio(preMoney.value.value as bigint, round.previousMark.value)), derivation: "pre-money / previous mark", inputs: [{ label: "pre-money", figure: preMoney.id }, { label: "previous mark", figure: `${id}.previous-mark` }] })
      : undefined;
  const announcedSize = round.announcedSize
    ? book.add({ id: `${id}.announced-size`, label: "size announced", value: moneyValue(round.announcedSize.value), derivation: "as written", inputs: [{ label: "announced-size", at: round.announcedSize.at }] })
    : undefined;
  const conditionalTranches: ConditionalTranche[] = [];
  for (const c of round.commitments) {
    for (const t of c.tranches) {
      if (t.timing.kind !== "conditional") continue;
      const condition = model.conditions.find((x) => x.name === (t.timing.kind === "conditional" ? t.timing.condition.name : ""));
      conditionalTranches.push({ investor: c.investor.name, amount: t.amount.value, condition: t.timing.condition.name, ...(condition?.probability ? { probability: condition.probability.value } : {}) });
    }
  }
  return {
    name: round.name,
    company: round.company.name,
    date: round.date,
    preMoney,
    ...(previousMark ? { previousMark } : {}),
    ...(stepUp ? { stepUp } : {}),
    ...(announcedSize ? { announcedSize } : {}),
    ...(round.rollingClose ? { finalClose: round.rollingClose.finalClose } : {}),
    withConditional: roundCase(round, preMoney, true, book, `${id}.with-conditional`),
    withoutConditional: roundCase(round, preMoney, false, book, `${id}.without-conditional`),
    conditionalTranches,
  };
}

function preMoneyFigure(round: RoundInput, currency: string, id: string): Reported {
  const label = `pre-money valuation of ${round.company.name}`;
  if (round.preMoney) return { id: `${id}.pre-money`, label, value: moneyValue(round.preMoney.value), derivation: "as written", inputs: [{ label: "pre-money", at: round.preMoney.at }] };
  const price = round.pricePerShare;
  const shares = round.sharesOutstanding;
  // The checker guarantees one of the two forms; a round with neither has been refused before here.
  const value = price && shares ? money(divideHalfEven(price.value.num * shares.value * 10n ** BigInt(minorDigits(currency)), price.value.den)) : ZERO;
  return {
    id: `${id}.pre-money`,
    label,
    value: moneyValue(value),
    derivation: "price per share × shares outstanding",
    inputs: [...(price ? [{ label: "price-per-share", at: price.at }] : []), ...(shares ? [{ label: "shares-outstanding", at: shares.at }] : [])],
  };
}

function roundCase(round: RoundInput, preMoney: Reported, withConditional: boolean, book: FigureBook, id: string): RoundCase {
  const pre = preMoney.value.value as Money;
  const amounts = round.commitments.map((c) => {
    const tranches = c.tranches.filter((t) => withConditional || t.timing.kind === "dated");
    return { investor: c.investor.name, amount: tranches.reduce((a, t) => add(a, t.amount.value), ZERO), tranches };
  });
  const raisedValue = amounts.reduce((a, x) => add(a, x.amount), ZERO);
  const which = withConditional ? "with every conditional tranche" : "without the conditional tranches";
  const raised = book.add({ id: `${id}.raised`, label: `raised ${which}`, value: moneyValue(raisedValue), derivation: "sum of the tranches counted", inputs: amounts.flatMap((a) => a.tranches.map((t) => ({ label: `${a.investor} tranche`, at: t.at }))) });
  const postValue = add(pre, raisedValue);
  const postMoney = book.add({ id: `${id}.post-money`, label: `post-money ${which}`, value: moneyValue(postValue), derivation: "pre-money + raised", inputs: [{ label: "pre-money", figure: preMoney.id }, { label: "raised", figure: raised.id }] });
  const investors = amounts.map(({ investor, amount, tranches }) => {
    const amountFigure = book.add({ id: `${id}.${investor}.amount`, label: `${investor}'s amount ${which}`, value: moneyValue(amount), derivation: "sum of the investor's tranches counted", inputs: tranches.map((t) => ({ label: "tranche", at: t.at })) });
    const stake = book.add({ id: `${id}.${investor}.stake`, label: `${investor}'s stake ${which}`, value: ratioValue(postValue > 0n ? ratio(amount, postValue) : ratio(0n)), derivation: "amount / post-money", inputs: [{ label: "amount", figure: amountFigure.id }, { label: "post-money", figure: postMoney.id }] });
    return { investor, amount: amountFigure, stake };
  });
  const newMoneyStake = book.add({ id: `${id}.new-money-stake`, label: `stake of the round's investors together ${which}`, value: ratioValue(postValue > 0n ? ratio(raisedValue, postValue) : ratio(0n)), derivation: "raised / post-money", inputs: [{ label: "raised", figure: raised.id }, { label: "post-money", figure: postMoney.id }] });
  return { raised, postMoney, investors, newMoneyStake };
}
