import { Module } from '@nestjs/common';
import { StorageModule } from '../evidence/storage/storage.module';
import { BackupService } from './backup.service';
import { RestoreService } from './restore.service';

/** Backup to one archive and restore into an empty database, with nothing but the project itself. */
@Module({ imports: [StorageModule], providers: [BackupService, RestoreService], exports: [BackupService, RestoreService] })
export class BackupModule {}
