import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ClientConfig,
} from '@aws-sdk/client-s3';
import { assertStorageKey, FileStorage, storageKeyOf } from './file-storage';

export interface S3StorageOptions {
  bucket: string;
  /** Prepended to every key (empty, or ending with /). */
  prefix: string;
  /** Local folder for uploads in progress (this instance's own). */
  tempRoot: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph): the same keys as on local disk, under an optional prefix.
 * Every instance sees every object, so any of them can serve a download, and backups work from anywhere.
 */
export class S3Storage implements FileStorage {
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    const config: S3ClientConfig = {
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // Checksums only where S3 requires them: MinIO, Ceph and older gateways refuse or ignore the newer trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Fail fast like the database does, so a stalled store answers an error rather than hanging requests.
      requestHandler: { connectionTimeout: 3000, requestTimeout: 30_000 },
      maxAttempts: 3,
    };
    this.client = new S3Client(config);
  }

  async init(): Promise<void> {
    await mkdir(this.tempDir(), { recursive: true });
    await this.ping().catch((error: Error) => {
      throw new Error(`The S3 bucket "${this.options.bucket}"${this.options.endpoint ? ` at ${this.options.endpoint}` : ''} cannot be used: ${error.name}: ${error.message}`);
    });
  }

  tempDir(): string {
    return join(resolve(this.options.tempRoot), 'tmp');
  }

  async putFromTemp(tempPath: string, sha256: string): Promise<string> {
    const key = storageKeyOf(sha256);
    // Content-addressed: an object already there holds these very bytes.
    if (!(await this.exists(key))) {
      const { size } = await stat(tempPath);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.objectKey(key),
          Body: createReadStream(tempPath),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        }),
      );
    }
    await rm(tempPath, { force: true });
    return key;
  }

  async open(key: string): Promise<Readable> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
    return object.Body as Readable;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== undefined;
  }

  async modifiedAt(key: string): Promise<number | undefined> {
    return (await this.head(key))?.getTime();
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }

  async *list(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: `${this.options.prefix}objects/`, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key.slice(this.options.prefix.length);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  destroy(): void {
    this.client.destroy();
  }

  /** The object's time, undefined when it is absent; any other failure (store down, no access) is thrown. */
  private async head(key: string): Promise<Date | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
      return head.LastModified ?? new Date(0);
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return `${this.options.prefix}${key}`;
  }
}
