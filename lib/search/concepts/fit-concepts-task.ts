import { fitConcepts, type TermCounts } from "./fit-concepts";

/** A fitted concept model as the database takes it: each term with its vector's literal (`[v1,v2,...]`). */
export interface FittedConcepts {
  terms: string[];
  literals: string[];
  dimensions: number;
}

/**
 * The concept fit as a pool task (lib/workers): the SVD and the vectors' text both cost hundreds of
 * milliseconds of CPU for a large workspace, which on the server's thread held up every request.
 * Null when there is too little to learn from.
 */
export async function fitConceptsTask({ chunks }: { chunks: TermCounts[] }): Promise<FittedConcepts | null> {
  const model = await fitConcepts(chunks);
  if (!model) return null;
  const literals = model.terms.map((_, t) => {
    const offset = t * model.dimensions;
    return `[${Array.from(model.vectors.subarray(offset, offset + model.dimensions), (v) => v.toPrecision(6)).join(",")}]`;
  });
  return { terms: model.terms, literals, dimensions: model.dimensions };
}
