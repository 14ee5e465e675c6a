import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CyclesModule } from '../cycles/cycles.module';
import { ScoringModule } from '../scoring/scoring.module';
import { StorageModule } from '../evidence/storage/storage.module';
import { RenderConsistency } from './render-consistency';
import { PublicationArtifactsWorker } from './publication-artifacts.worker';
import { ReportTempFiles } from './output/report-temp-files';
import { ReportBuilder } from './report-builder.service';
import { ReportTextController } from './report-text.controller';
import { ReportTextService } from './report-text.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { StatePagesLoader } from './state-pages.loader';

@Module({
  imports: [CyclesModule, CatalogueModule, ScoringModule, StorageModule],
  controllers: [ReportsController, ReportTextController],
  providers: [ReportBuilder, StatePagesLoader, ReportTempFiles, ReportsService, ReportTextService, RenderConsistency, PublicationArtifactsWorker],
  exports: [ReportsService, ReportTextService, PublicationArtifactsWorker],
})
export class ReportsModule {}
