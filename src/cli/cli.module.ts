import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { UsersModule } from '../users/users.module';
import { CreateAdminCommand } from './create-admin.command';
import { LoadCatalogueCommand } from './load-catalogue.command';

/** The same services as the API, without HTTP: for scripts and operators (`npm run cli -- <command>`). */
@Module({
  imports: [ConfigModule, DatabaseModule, AuditModule, UsersModule, CatalogueModule],
  providers: [LoadCatalogueCommand, CreateAdminCommand],
})
export class CliModule {}
