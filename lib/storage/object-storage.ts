/** Where original files live. Local disk by default; an S3-compatible store can implement the same. */
export interface ObjectStorage {
  put(key: string, data: Uint8Array): Promise<void>;
  /** Moves a finished temporary file (from `tempPath()`) into place under `key`. */
  putFile(key: string, tempPath: string): Promise<void>;
  /** A path for streaming an upload into before it is known to be accepted. */
  tempPath(): Promise<string>;
  getStream(key: string): ReadableStream<Uint8Array>;
  /** Throws StoredObjectMissingError when nothing is stored under `key`. */
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Removes every object under a prefix, e.g. all of a deleted tenant's files. */
  deletePrefix(prefix: string): Promise<void>;
  /** Every stored object and every leftover temporary file, for the consistency check (`npm run doctor`). */
  list(): AsyncIterable<StoredEntry>;
  /** Removes a temporary file found by `list()` (a crash or an abandoned upload left it behind). */
  deleteTemporary(key: string): Promise<void>;
}

/** What a user reads about a document whose original is gone; the doctor marks such rows with it too. */
export const MISSING_FILE_MESSAGE =
  "The stored original of this document is missing, so it cannot be processed or downloaded. Upload the file again.";

/** Nothing is stored under a key: retrying cannot help, unlike a failing disk or network. */
export class StoredObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`no stored object at ${key}`);
    this.name = "StoredObjectMissingError";
  }
}

export interface StoredEntry {
  key: string;
  /** An upload in flight or a write that never finished, not an object. */
  temporary: boolean;
  size: number;
  modifiedAt: Date;
}

export function tenantPrefix(tenantId: string): string {
  return `tenants/${tenantId}`;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Content-addressed and tenant-scoped: the user's file name is never part of a path. */
export function contentKey({ tenantId, sha256 }: { tenantId: string; sha256: string }): string {
  if (!SHA256_HEX.test(sha256)) throw new Error("contentKey needs a lowercase hex SHA-256");
  return `${tenantPrefix(tenantId)}/${sha256.slice(0, 2)}/${sha256}`;
}
