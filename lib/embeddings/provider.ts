/** Turns texts into vectors. Every vector of one provider has the same model name and dimension. */
export interface EmbeddingProvider {
  readonly model: string;
  readonly dimensions: number;
  /** "model": vectors from an embedding model, close in meaning; "lexical": the offline embedder, close in wording only. */
  readonly kind: "model" | "lexical";
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

/** What the semantic mode is, in words a user can act on: the model's name, or that it is approximate. */
export function semanticLabel(provider: Pick<EmbeddingProvider, "kind" | "model">): string {
  return provider.kind === "model"
    ? provider.model
    : "Approximate: no embedding model configured, so “semantic” matches wording, not meaning. Set EMBEDDING_API_URL to an OpenAI-compatible API (OpenAI, Ollama, vLLM, TEI) to search by meaning.";
}
