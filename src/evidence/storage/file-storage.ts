import { Readable } from 'node:stream';

export const FILE_STORAGE = Symbol('FILE_STORAGE');

/**
 * Where evidence bytes live. Content-addressed by SHA-256: storing the same content twice is a no-op,
 * so a file can be written before its database row commits without ever corrupting anything.
 */
export interface FileStorage {
  /** Moves a fully written temporary file into place under its hash; returns the storage key. */
  putFromTemp(tempPath: string, sha256: string): Promise<string>;
  /** Rejects when the object is missing. */
  open(key: string): Promise<Readable>;
  /** False only when the object is known to be absent; a store that cannot be reached throws instead. */
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every stored key, for the integrity check. */
  list(): AsyncIterable<string>;
  /** When the object was written (epoch ms), undefined when it is missing: young orphans may be uploads in flight. */
  modifiedAt(key: string): Promise<number | undefined>;
  /** Throws when the store cannot be used (readiness). */
  ping(): Promise<void>;
  /** A local folder for uploads in progress, one per instance (for local disk, on the store's own file system). */
  tempDir(): string;
}

/** Every storage key: objects/<first two hex chars>/<sha256>, the same in every store, so rows move with the bytes. */
export function storageKeyOf(sha256: string): string {
  return `objects/${sha256.slice(0, 2)}/${sha256}`;
}

export function assertStorageKey(key: string): void {
  if (!/^objects\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`Invalid storage key ${key}`);
}
