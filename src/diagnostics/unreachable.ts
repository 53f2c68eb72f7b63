/**
 * The other tier of failure (STYLE.md §5): a branch the types say cannot happen. A `switch` over a
 * tagged union ends in `default: unreachable(x)`, so adding a kind fails to compile until every
 * switch handles it; reaching it at run time is a bug in dealgraph, never a problem in a model.
 */
export class UnreachableError extends Error {
  override readonly name = "UnreachableError";
}

export function unreachable(value: never): never {
  throw new UnreachableError(`unhandled case: ${JSON.stringify(value)}`);
}
