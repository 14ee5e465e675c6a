import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { MetricsService } from './metrics.service';

@Module({ imports: [ReportsModule], providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
