import { Type } from '@nestjs/common';
import { CommandRunner } from 'nest-commander';
import { AuditVerifyCommand } from './audit-verify.command';
import { BackupCommand } from './backup.command';
import { CreateAdminCommand } from './create-admin.command';
import { DemoCommand } from './demo.command';
import { FilesCheckCommand } from './files-check.command';
import { ImportCommand } from './import.command';
import { LoadCatalogueCommand } from './load-catalogue.command';
import { ReportCommand } from './report.command';
import { RestoreCommand } from './restore.command';

/** Every CLI command; importing this file loads no module (no configuration, no database). */
export const CLI_COMMANDS: Array<Type<CommandRunner>> = [
  LoadCatalogueCommand,
  CreateAdminCommand,
  AuditVerifyCommand,
  FilesCheckCommand,
  BackupCommand,
  RestoreCommand,
  DemoCommand,
  ImportCommand,
  ReportCommand,
];
