import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CyclesModule } from '../cycles/cycles.module';
import { ScoringModule } from '../scoring/scoring.module';
import { StorageModule } from '../evidence/storage/storage.module';
import { RenderConsistency } from './render-consistency';
import { PublicationArtifactsWorker } from './publication-artifacts.worker';
import { ReportTempFiles } from './output/report-temp-files';
import { ReportBuilder } from './report-builder.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { StatePagesLoader } from './state-pages.loader';

@Module({
  imports: [CyclesModule, CatalogueModule, ScoringModule, StorageModule],
  controllers: [ReportsController],
  providers: [ReportBuilder, StatePagesLoader, ReportTempFiles, ReportsService, RenderConsistency, PublicationArtifactsWorker],
  exports: [ReportsService, PublicationArtifactsWorker],
})
export class ReportsModule {}
