/**
 * A line is drawn between neighbouring values only: a value with no neighbour (a range with one
 * query, or one busy hour among empty ones) would be invisible. These are the points to mark.
 */
export function isolatedIndices(data: readonly Record<string, unknown>[], key: string): Set<number> {
  const has = (i: number) => i >= 0 && i < data.length && typeof data[i]?.[key] === "number";
  const isolated = new Set<number>();
  for (let i = 0; i < data.length; i++) if (has(i) && !has(i - 1) && !has(i + 1)) isolated.add(i);
  return isolated;
}
