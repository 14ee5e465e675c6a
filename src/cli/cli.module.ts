import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { UsersModule } from '../users/users.module';
import { BackupModule } from '../backup/backup.module';
import { IntegrityModule } from '../integrity/integrity.module';
import { AuditVerifyCommand } from './audit-verify.command';
import { BackupCommand } from './backup.command';
import { FilesCheckCommand } from './files-check.command';
import { RestoreCommand } from './restore.command';
import { DemoModule } from '../demo/demo.module';
import { ImportModule } from '../import/import.module';
import { JobsModule } from '../jobs/jobs.module';
import { ReportsModule } from '../reports/reports.module';
import { ImportCommand } from './import.command';
import { ReportCommand } from './report.command';
import { CreateAdminCommand } from './create-admin.command';
import { DemoCommand } from './demo.command';
import { LoadCatalogueCommand } from './load-catalogue.command';

/** The same services as the API, without HTTP: for scripts and operators (`npm run cli -- <command>`). */
@Module({
  imports: [ConfigModule, DatabaseModule, JobsModule, AuditModule, UsersModule, CatalogueModule, IntegrityModule, BackupModule, DemoModule, ImportModule, ReportsModule],
  providers: [LoadCatalogueCommand, CreateAdminCommand, AuditVerifyCommand, FilesCheckCommand, BackupCommand, RestoreCommand, DemoCommand, ImportCommand, ReportCommand],
})
export class CliModule {}
