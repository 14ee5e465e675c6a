import { Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AssessmentsModule } from './assessments/assessments.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { validationExceptionFactory } from './common/errors/validation-errors';
import { LoggerModule } from './common/http/logger.module';
import { ConfigModule } from './config/config.module';
import { CyclesModule } from './cycles/cycles.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { EvidenceModule } from './evidence/evidence.module';
import { HealthModule } from './health/health.module';
import { ImportModule } from './import/import.module';
import { JobsModule } from './jobs/jobs.module';
import { ScoringModule } from './scoring/scoring.module';
import { ReportsModule } from './reports/reports.module';
import { StatesModule } from './states/states.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule,
    DatabaseModule,
    JobsModule,
    AuditModule,
    AuthModule,
    UsersModule,
    HealthModule,
    StatesModule,
    CatalogueModule,
    CyclesModule,
    AssessmentsModule,
    EvidenceModule,
    ImportModule,
    DemoModule,
    ReportsModule,
    ScoringModule,
    WebModule,
  ],
  providers: [
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        exceptionFactory: validationExceptionFactory,
      }),
    },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
