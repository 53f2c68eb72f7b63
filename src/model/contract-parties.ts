/**
 * Buyer and seller of the contracts that buy something (a purchase, or capacity at a price): a
 * contract may leave them out and take them from the earlier contract it `extends`. One walk of
 * that chain, shared by the reader's checks and the compiler.
 */
import type { CapacityContractInput, ContractInput, PurchaseContractInput } from "./types.js";

/** A contract with a buyer and a seller, which may extend an earlier one of its kind. */
export type SpendingContractInput = PurchaseContractInput | CapacityContractInput;

export const isSpendingContract = (c: ContractInput): c is SpendingContractInput => c.kind === "purchase" || c.kind === "capacity";

/** Buyer and seller of `contract`, each from the contract itself or the nearest it extends that states it (a loop stops the walk). */
export function inheritedParties(contract: ContractInput | undefined, byName: ReadonlyMap<string, ContractInput>): { buyer?: string; seller?: string } {
  const seen = new Set<string>();
  let buyer: string | undefined;
  let seller: string | undefined;
  for (let c = contract; c && isSpendingContract(c) && !seen.has(c.name); c = c.extends ? byName.get(c.extends.name) : undefined) {
    seen.add(c.name);
    buyer ??= c.buyer?.name;
    seller ??= c.seller?.name;
  }
  return { ...(buyer ? { buyer } : {}), ...(seller ? { seller } : {}) };
}
