import { resolve } from 'node:path';
import { Command, CommandRunner } from 'nest-commander';
import { ArchiveError } from '../backup/archive';
import { BackupService } from '../backup/backup.service';
import { EXIT } from './exit-codes';

@Command({
  name: 'backup',
  arguments: '<file>',
  description: 'Write every record and every evidence file into one archive (gzip\'d JSON lines), from one consistent snapshot',
})
export class BackupCommand extends CommandRunner {
  constructor(private readonly backups: BackupService) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    try {
      const summary = await this.backups.backup(resolve(file));
      console.log(`Backup written to ${summary.path}`);
      console.log(`${Object.keys(summary.tables).length} tables, ${summary.rows} rows, ${summary.files} files (${summary.fileBytes} bytes)`);
    } catch (error) {
      // Archive problems and file system ones (missing folder, no permission, full disk) are the operator's to fix.
      if (!(error instanceof ArchiveError) && !(error as { syscall?: string }).syscall) throw error;
      console.error(`Backup failed, no archive written: ${(error as Error).message}`);
      process.exitCode = EXIT.failure;
    }
  }
}
