import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../../config/environment';
import { FILE_STORAGE, FileStorage } from './file-storage';
import { LocalDiskStorage } from './local-disk-storage';
import { S3Storage } from './s3-storage';

/** The evidence file store chosen by FILE_STORAGE: local disk under UPLOAD_DIR, or an S3-compatible bucket. */
export async function createFileStorage(config: ConfigService<Environment, true>): Promise<FileStorage> {
  const uploadDir = config.get('UPLOAD_DIR', { infer: true });
  if (config.get('FILE_STORAGE', { infer: true }) === 'local') {
    const storage = new LocalDiskStorage(uploadDir);
    await storage.init();
    return storage;
  }
  const accessKeyId = config.get('S3_ACCESS_KEY_ID', { infer: true });
  const secretAccessKey = config.get('S3_SECRET_ACCESS_KEY', { infer: true });
  const storage = new S3Storage({
    bucket: config.get('S3_BUCKET', { infer: true }),
    prefix: config.get('S3_PREFIX', { infer: true }),
    tempRoot: uploadDir,
    endpoint: config.get('S3_ENDPOINT', { infer: true }),
    region: config.get('S3_REGION', { infer: true }),
    forcePathStyle: config.get('S3_FORCE_PATH_STYLE', { infer: true }),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  });
  await storage.init();
  return storage;
}

@Module({
  providers: [{ provide: FILE_STORAGE, inject: [ConfigService], useFactory: createFileStorage }],
  exports: [FILE_STORAGE],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(FILE_STORAGE) private readonly storage: FileStorage) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof S3Storage) this.storage.destroy();
  }
}
