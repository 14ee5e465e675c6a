import { Readable } from 'node:stream';

export const FILE_STORAGE = Symbol('FILE_STORAGE');

/**
 * Where evidence bytes live. Content-addressed by SHA-256: storing the same content twice is a no-op,
 * so a file can be written before its database row commits without ever corrupting anything.
 */
export interface FileStorage {
  /** Moves a fully written temporary file into place under its hash; returns the storage key. */
  putFromTemp(tempPath: string, sha256: string): Promise<string>;
  open(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every stored key, for the integrity check. */
  list(): AsyncIterable<string>;
  /** A folder for uploads in progress, on the same file system as the store (so moving is atomic). */
  tempDir(): string;
}
