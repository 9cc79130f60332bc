import { z } from "zod";
import type { EmbeddingProvider } from "./provider";

const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

export interface HttpEmbedderOptions {
  /** Base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  url: string;
  model: string;
  apiKey?: string;
  dimensions: number;
  batchSize?: number;
  timeoutMs?: number;
  retries?: number;
  /** Base delay of the exponential back-off between retries. */
  backoffMs?: number;
}

export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "EmbeddingError";
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** OpenAI's /embeddings protocol, which OpenAI, Ollama, vLLM and TEI all serve. */
export class HttpEmbedder implements EmbeddingProvider {
  readonly kind = "model" as const;
  readonly model: string;
  readonly dimensions: number;
  private readonly options: Required<Omit<HttpEmbedderOptions, "apiKey">> & { apiKey?: string };

  constructor(options: HttpEmbedderOptions) {
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.options = { batchSize: 64, timeoutMs: 30_000, retries: 3, backoffMs: 500, ...options, url: options.url.replace(/\/+$/, "") };
  }

  async embed(texts: string[], { signal }: { signal?: AbortSignal } = {}): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.options.batchSize) {
      out.push(...(await this.embedBatchWithRetries(texts.slice(i, i + this.options.batchSize), signal)));
    }
    return out;
  }

  private async embedBatchWithRetries(batch: string[], signal?: AbortSignal): Promise<number[][]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.embedBatch(batch, signal);
      } catch (error) {
        const retryable = error instanceof EmbeddingError ? error.retryable : !signal?.aborted;
        if (!retryable || attempt >= this.options.retries) throw error;
        await sleep(this.options.backoffMs * 2 ** attempt, signal);
      }
    }
  }

  private async embedBatch(batch: string[], signal?: AbortSignal): Promise<number[][]> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${this.options.url}/embeddings`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        // Dimensions are requested explicitly so a model with a larger default still fits the column.
        body: JSON.stringify({ model: this.model, input: batch, dimensions: this.dimensions, encoding_format: "float" }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      const timedOut = timeout.aborted;
      throw new EmbeddingError(timedOut ? `embedding request timed out after ${this.options.timeoutMs} ms` : `embedding request failed: ${(error as Error).message}`, !signal?.aborted);
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => "")).slice(0, 300);
      const retryable = response.status === 429 || response.status >= 500;
      throw new EmbeddingError(`embedding API answered ${response.status}: ${text}`, retryable);
    }
    const parsed = responseSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success || parsed.data.data.length !== batch.length) {
      throw new EmbeddingError("embedding API returned an unexpected body", false);
    }
    const vectors = new Array<number[]>(batch.length);
    for (const item of parsed.data.data) {
      if (item.embedding.length !== this.dimensions) {
        throw new EmbeddingError(`model ${this.model} returned ${item.embedding.length} dimensions; the database stores ${this.dimensions}. Choose a model or dimensions setting that gives ${this.dimensions}.`, false);
      }
      vectors[item.index] = item.embedding;
    }
    return vectors;
  }
}
