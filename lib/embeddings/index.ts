import { EMBEDDING_DIMENSIONS } from "@/db/schema";
import { readEnv, type Env } from "@/lib/env";
import { HashingEmbedder } from "./hashing-embedder";
import { HttpEmbedder } from "./http-embedder";
import type { EmbeddingProvider } from "./provider";

let provider: EmbeddingProvider | undefined;

/** The configured provider: an OpenAI-compatible API when EMBEDDING_API_URL is set, else the offline one. */
export function createEmbeddingProvider(env: Env = readEnv()): EmbeddingProvider {
  if (!env.EMBEDDING_API_URL) return new HashingEmbedder(EMBEDDING_DIMENSIONS);
  return new HttpEmbedder({
    url: env.EMBEDDING_API_URL,
    model: env.EMBEDDING_MODEL,
    apiKey: env.EMBEDDING_API_KEY,
    dimensions: EMBEDDING_DIMENSIONS,
    batchSize: env.EMBEDDING_BATCH_SIZE,
  });
}

export function getEmbeddingProvider(): EmbeddingProvider {
  provider ??= createEmbeddingProvider();
  return provider;
}
