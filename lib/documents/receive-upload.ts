import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { unlink } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import { SNIFF_BYTES } from "@/lib/ingest/file-types";
import { BIDI_CONTROLS } from "@/lib/security/display-text";
import { uploadTooLargeMessage } from "./upload-limit";

export interface ReceivedFile {
  filename: string;
  tempPath: string;
  size: number;
  sha256: string;
  /** The first bytes, for type detection. */
  head: Uint8Array;
}

/** A user's file name made safe to show and store: no path, no control or text-direction characters, bounded length. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").replace(BIDI_CONTROLS, "").trim().slice(0, 255);
  return cleaned && cleaned !== "." && cleaned !== ".." ? cleaned : "upload";
}

/**
 * Streams the single file of a multipart request to `tempPath`, hashing and measuring it on the
 * way: the file is never held in memory, and an oversized one is cut off at the limit.
 */
export async function receiveUpload(request: Request, { maxBytes, tempPath }: { maxBytes: number; tempPath: string }): Promise<ReceivedFile> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("bad_request:upload", "Send the file as multipart/form-data in a field named “file”.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  // A little room for the multipart envelope around the file.
  if (declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  if (!request.body) throw new AppError("bad_request:upload", "The request has no body.");

  let parser: busboy.Busboy;
  try {
    // Browsers and HTTP clients send a file name's UTF-8 bytes as they are; busboy reads them as latin1 by default.
    parser = busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8", limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 12 } });
  } catch {
    throw new AppError("bad_request:upload", "The multipart request is malformed.");
  }

  const received = new Promise<ReceivedFile>((resolve, reject) => {
    let sawFile = false;
    parser.on("file", (field, stream, info) => {
      if (field !== "file" || sawFile) {
        stream.resume();
        return;
      }
      sawFile = true;
      const hash = createHash("sha256");
      const headParts: Buffer[] = [];
      let headLength = 0;
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        if (headLength < SNIFF_BYTES) {
          headParts.push(chunk.subarray(0, SNIFF_BYTES - headLength));
          headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
        }
      });
      let truncated = false;
      stream.on("limit", () => {
        truncated = true;
      });
      pipeline(stream, createWriteStream(tempPath))
        .then(() => {
          if (truncated) reject(tooLarge(maxBytes));
          else resolve({ filename: cleanFilename(info.filename ?? ""), tempPath, size, sha256: hash.digest("hex"), head: new Uint8Array(Buffer.concat(headParts)) });
        })
        .catch(reject);
    });
    parser.on("error", () => reject(new AppError("bad_request:upload", "The upload was cut off or is not valid multipart data. Try again.")));
    parser.on("close", () => {
      if (!sawFile) reject(new AppError("bad_request:upload", "No file was sent. Send it in a multipart field named “file”."));
    });
  });

  try {
    await Promise.all([pipeline(Readable.fromWeb(request.body as import("node:stream/web").ReadableStream), parser), received]);
    return await received;
  } catch (error) {
    await unlink(tempPath).catch(() => {});
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request:upload", "The upload was cut off or is not valid multipart data. Try again.");
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("too_large:upload", uploadTooLargeMessage(maxBytes));
}
