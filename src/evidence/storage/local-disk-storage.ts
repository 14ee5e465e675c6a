import { createReadStream } from 'node:fs';
import { access, constants, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { assertStorageKey, FileStorage, storageKeyOf } from './file-storage';

/**
 * Local disk: objects/<first two hex chars>/<sha256>, with uploads staged in tmp/ beside them. With several
 * instances, UPLOAD_DIR must be one folder they all share (a network file system), or use FILE_STORAGE=s3.
 */
export class LocalDiskStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async init(): Promise<void> {
    await mkdir(join(this.root, 'objects'), { recursive: true });
    await mkdir(this.tempDir(), { recursive: true });
  }

  tempDir(): string {
    return join(this.root, 'tmp');
  }

  async putFromTemp(tempPath: string, sha256: string): Promise<string> {
    const key = storageKeyOf(sha256);
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    // Flush the bytes before the rename, so a crash never leaves a named but truncated object.
    const handle = await open(tempPath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, target);
    return key;
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    await access(path);
    return createReadStream(path);
  }

  async exists(key: string): Promise<boolean> {
    return access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<string> {
    const objects = join(this.root, 'objects');
    for (const prefix of await readdir(objects).catch(() => [] as string[])) {
      for (const name of await readdir(join(objects, prefix))) yield `objects/${prefix}/${name}`;
    }
  }

  async modifiedAt(key: string): Promise<number | undefined> {
    // list() also yields stray names that are not keys; they are still files with a time.
    return (await stat(join(this.root, key)).catch(() => undefined))?.mtimeMs;
  }

  async ping(): Promise<void> {
    await access(join(this.root, 'objects'), constants.W_OK);
  }

  private pathOf(key: string): string {
    assertStorageKey(key);
    return join(this.root, key);
  }
}
