import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuthModule } from '../auth/auth.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { Environment } from '../config/environment';
import { CyclesModule } from '../cycles/cycles.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { FILE_STORAGE, FileStorage } from '../evidence/storage/file-storage';
import { StorageModule } from '../evidence/storage/storage.module';
import { ImportModule } from '../import/import.module';
import { IntegrityModule } from '../integrity/integrity.module';
import { ReportsModule } from '../reports/reports.module';
import { PublicationModule } from '../publication/publication.module';
import { ScoringModule } from '../scoring/scoring.module';
import { StatesModule } from '../states/states.module';
import { UsersModule } from '../users/users.module';
import { WEB_CONTROLLERS } from './web-controllers';
import { EvidenceForm } from './render/evidence-form';
import { FrameworkContexts } from './render/framework-context';
import { Pages } from './render/pages';
import { Views } from './render/views';
import { WebExceptionFilter } from './render/web-exception.filter';

/**
 * The web interface: server-rendered pages over the same services as the API (no business rule lives here).
 */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    CyclesModule,
    AssessmentsModule,
    EvidenceModule,
    StorageModule,
    ScoringModule,
    CatalogueModule,
    StatesModule,
    ImportModule,
    IntegrityModule,
    ReportsModule,
    PublicationModule,
    // As the API's uploads: evidence files stream to a temp file beside the store, never to memory.
    MulterModule.registerAsync({
      imports: [StorageModule],
      inject: [ConfigService, FILE_STORAGE],
      useFactory: (config: ConfigService<Environment, true>, storage: FileStorage) => ({
        storage: diskStorage({ destination: storage.tempDir(), filename: (_req, _file, done) => done(null, `${randomUUID()}.upload`) }),
        // A self-assessment page holds every commitment of a framework, each with a file field.
        limits: { fileSize: config.get('UPLOAD_MAX_BYTES', { infer: true }), files: 40, fields: 1000, parts: 1040 },
      }),
    }),
  ],
  controllers: WEB_CONTROLLERS,
  providers: [
    Views,
    Pages,
    EvidenceForm,
    FrameworkContexts,
    WebExceptionFilter,
  ],
})
export class WebModule {}
