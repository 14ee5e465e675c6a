import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { AssessmentsModule } from '../assessments/assessments.module';
import { Environment } from '../config/environment';
import { EvidenceFilesService } from './evidence-files.service';
import { EvidenceLinksService } from './evidence-links.service';
import { EvidenceRevisionsService } from './evidence-revisions.service';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { FILE_STORAGE, FileStorage } from './storage/file-storage';
import { StorageModule } from './storage/storage.module';

@Module({
  imports: [
    AssessmentsModule,
    StorageModule,
    MulterModule.registerAsync({
      imports: [StorageModule],
      inject: [ConfigService, FILE_STORAGE],
      // Uploads stream to a temp file beside the store (never to memory); the size limit comes from UPLOAD_MAX_BYTES.
      useFactory: (config: ConfigService<Environment, true>, storage: FileStorage) => ({
        storage: diskStorage({ destination: storage.tempDir(), filename: (_req, _file, done) => done(null, `${randomUUID()}.upload`) }),
        limits: { fileSize: config.get('UPLOAD_MAX_BYTES', { infer: true }), files: 1, fields: 5, parts: 6 },
      }),
    }),
  ],
  controllers: [EvidenceController],
  providers: [EvidenceService, EvidenceFilesService, EvidenceLinksService, EvidenceRevisionsService],
  exports: [EvidenceService, EvidenceFilesService, EvidenceLinksService, StorageModule],
})
export class EvidenceModule {}
