import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import path from "node:path";
import { StoredObjectMissingError, type ObjectStorage, type StoredEntry } from "./object-storage";

const SAFE_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
/** What `put` (`<key>.<uuid>.tmp`) and `tempPath` (`tmp/<uuid>.upload`) write before the final rename. */
const TEMP_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.[A-Za-z0-9-]+(\.tmp)?$/;
const isTemporary = (key: string) => TEMP_KEY.test(key) && (key.endsWith(".tmp") || (key.startsWith("tmp/") && key.endsWith(".upload")));

/** Stores objects as files under one root; writes go to a temp file first so a crash leaves no torn file. */
export class LocalStorage implements ObjectStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
    return path.join(this.root, key);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.tmp`;
    await writeFile(temp, data);
    await rename(temp, target);
  }

  async putFile(key: string, tempPath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(tempPath, target);
    } catch (error) {
      // Across file systems a rename fails: copy, then remove the temporary file.
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      await copyFile(tempPath, target);
      await unlink(tempPath);
    }
  }

  async tempPath(): Promise<string> {
    const dir = path.join(this.root, "tmp");
    await mkdir(dir, { recursive: true });
    return path.join(dir, `${randomUUID()}.upload`);
  }

  getStream(key: string): ReadableStream<Uint8Array> {
    return Readable.toWeb(createReadStream(this.pathOf(key))) as ReadableStream<Uint8Array>;
  }

  async get(key: string): Promise<Uint8Array> {
    return readFile(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "ENOENT" ? new StoredObjectMissingError(key) : error;
    });
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }

  async *list(): AsyncIterable<StoredEntry> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const key = path.relative(this.root, full).split(path.sep).join("/");
      const temporary = isTemporary(key);
      // Anything else (an editor's backup, a file someone copied in) is not ours to judge or remove.
      if (!temporary && !SAFE_KEY.test(key)) continue;
      const info = await stat(full).catch(() => null);
      if (info) yield { key, temporary, size: info.size, modifiedAt: info.mtime };
    }
  }

  async deleteTemporary(key: string): Promise<void> {
    if (!isTemporary(key)) throw new Error(`not a temporary file: ${JSON.stringify(key)}`);
    await rm(path.join(this.root, key), { force: true });
  }
}
