import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CyclesModule } from '../cycles/cycles.module';
import { ScoringModule } from '../scoring/scoring.module';
import { ReportTempFiles } from './output/report-temp-files';
import { ReportBuilder } from './report-builder.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { StatePagesLoader } from './state-pages.loader';

@Module({
  imports: [CyclesModule, CatalogueModule, ScoringModule],
  controllers: [ReportsController],
  providers: [ReportBuilder, StatePagesLoader, ReportTempFiles, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
