import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CyclesModule } from '../cycles/cycles.module';
import { ScoringModule } from '../scoring/scoring.module';
import { ReportBuilder } from './report-builder.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [CyclesModule, CatalogueModule, ScoringModule],
  controllers: [ReportsController],
  providers: [ReportBuilder, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
