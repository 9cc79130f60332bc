/** Test chunks on two topics, cars and bread; among the cars, "automobile" and "car" never share a chunk. */
export function carAndBreadTexts(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + from;
    const extra = ["fast", "red", "old", "new", "cheap"][i % 5];
    return i % 2 === 0 ? `The ${i % 4 === 0 ? "car" : "automobile"} has an engine, wheels and a ${extra} driver on the road.` : `Bake the ${extra} bread: flour, dough and a hot oven.`;
  });
}
