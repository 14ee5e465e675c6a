import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { UsersModule } from '../users/users.module';
import { BackupModule } from '../backup/backup.module';
import { IntegrityModule } from '../integrity/integrity.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { DemoModule } from '../demo/demo.module';
import { ImportModule } from '../import/import.module';
import { JobsModule } from '../jobs/jobs.module';
import { ReportsModule } from '../reports/reports.module';
import { CLI_COMMANDS } from './cli-commands';

/** The same services as the API, without HTTP: for scripts and operators (`npm run cli -- <command>`). */
@Module({
  imports: [ConfigModule, LifecycleModule, DatabaseModule, JobsModule, AuditModule, UsersModule, CatalogueModule, IntegrityModule, BackupModule, DemoModule, ImportModule, ReportsModule],
  providers: CLI_COMMANDS,
})
export class CliModule {}
