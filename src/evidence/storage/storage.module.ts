import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../../config/environment';
import { FILE_STORAGE } from './file-storage';
import { LocalDiskStorage } from './local-disk-storage';

/** The evidence file store: local disk under UPLOAD_DIR. Another FileStorage implementation would be provided here. */
@Module({
  providers: [
    {
      provide: FILE_STORAGE,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<Environment, true>) => {
        const storage = new LocalDiskStorage(config.get('UPLOAD_DIR', { infer: true }));
        await storage.init();
        return storage;
      },
    },
  ],
  exports: [FILE_STORAGE],
})
export class StorageModule {}
