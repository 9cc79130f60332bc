import { readEnv } from "@/lib/env";
import { LocalStorage } from "./local-storage";
import type { ObjectStorage } from "./object-storage";

let storage: ObjectStorage | undefined;

/** The configured object storage (local disk under STORAGE_DIR). */
export function getStorage(): ObjectStorage {
  storage ??= new LocalStorage(readEnv().storageDir);
  return storage;
}
