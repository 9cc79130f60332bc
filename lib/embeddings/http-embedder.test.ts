import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddingError, HttpEmbedder } from "./http-embedder";

interface Received {
  body: { model: string; input: string[]; dimensions: number };
  authorization?: string;
}

/** A local stand-in for an OpenAI-compatible /embeddings endpoint, scripted per test. */
async function startServer(handler: (req: Received, res: ServerResponse, call: number) => void) {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const entry = { body: JSON.parse(raw), authorization: req.headers.authorization };
      received.push(entry);
      handler(entry, res, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function answer(res: ServerResponse, input: string[], dims: number) {
  res.setHeader("content-type", "application/json");
  // Out of order on purpose: the client must place vectors by index.
  const data = input.map((text, index) => ({ index, embedding: Array.from({ length: dims }, (_, i) => (i === 0 ? text.length : 0)) })).reverse();
  res.end(JSON.stringify({ object: "list", data, model: "m" }));
}

describe("HttpEmbedder against a local server", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("sends model, dimensions and key, batches the input and keeps the order", async () => {
    const server = await startServer((req, res) => answer(res, req.body.input, 4));
    close = server.close;
    const embedder = new HttpEmbedder({ url: server.url, model: "text-embedding-3-small", apiKey: "sk-test", dimensions: 4, batchSize: 2 });
    const vectors = await embedder.embed(["a", "bb", "ccc", "dddd", "eeeee"]);
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 4, 5]);
    expect(server.received.map((r) => r.body.input.length)).toEqual([2, 2, 1]);
    expect(server.received[0]!.body).toMatchObject({ model: "text-embedding-3-small", dimensions: 4 });
    expect(server.received[0]!.authorization).toBe("Bearer sk-test");
  });

  it("retries 429 and 5xx with back-off, then succeeds", async () => {
    const server = await startServer((req, res, call) => {
      if (call <= 2) {
        res.statusCode = call === 1 ? 429 : 503;
        res.end("busy");
        return;
      }
      answer(res, req.body.input, 3);
    });
    close = server.close;
    const embedder = new HttpEmbedder({ url: server.url, model: "m", dimensions: 3, backoffMs: 1 });
    expect(await embedder.embed(["x"])).toHaveLength(1);
    expect(server.received).toHaveLength(3);
  });

  it("gives up after the configured retries, and does not retry a 400", async () => {
    const failing = await startServer((_req, res) => {
      res.statusCode = 500;
      res.end("boom");
    });
    close = failing.close;
    const embedder = new HttpEmbedder({ url: failing.url, model: "m", dimensions: 3, retries: 2, backoffMs: 1 });
    await expect(embedder.embed(["x"])).rejects.toThrow(/answered 500/);
    expect(failing.received).toHaveLength(3);
    await failing.close();

    const bad = await startServer((_req, res) => {
      res.statusCode = 400;
      res.end("bad input");
    });
    close = bad.close;
    await expect(new HttpEmbedder({ url: bad.url, model: "m", dimensions: 3, backoffMs: 1 }).embed(["x"])).rejects.toThrow(/answered 400/);
    expect(bad.received).toHaveLength(1);
  });

  it("times out a request that never answers", async () => {
    const server = await startServer(() => {});
    close = async () => {
      server.close().catch(() => {});
    };
    const embedder = new HttpEmbedder({ url: server.url, model: "m", dimensions: 3, timeoutMs: 100, retries: 0 });
    await expect(embedder.embed(["x"])).rejects.toThrow(/timed out after 100 ms/);
  });

  it("refuses vectors of the wrong dimension with an explanation", async () => {
    const server = await startServer((req, res) => answer(res, req.body.input, 8));
    close = server.close;
    const error = await new HttpEmbedder({ url: server.url, model: "big", dimensions: 4, retries: 0 }).embed(["x"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as Error).message).toMatch(/returned 8 dimensions; the database stores 4/);
  });
});
