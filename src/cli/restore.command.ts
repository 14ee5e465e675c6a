import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommandRunner } from 'nest-commander';
import { ArchiveError } from '../backup/archive';
import { RestoreRefusedError, RestoreService } from '../backup/restore.service';
import { AuditChainService } from '../integrity/audit-chain.service';
import { EXIT } from './exit-codes';

@Command({
  name: 'restore',
  arguments: '<file>',
  description:
    'Restore an archive written by `backup` into an empty database (migrations applied, no data), in one transaction, ' +
    'checking every table and file against the archive. Refuses a database that holds data (exit 3)',
})
export class RestoreCommand extends CommandRunner {
  constructor(
    private readonly restores: RestoreService,
    private readonly chain: AuditChainService,
  ) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    const path = resolve(file);
    if (!existsSync(path)) {
      console.error(`No such archive: ${path}`);
      process.exitCode = EXIT.invalidInput;
      return;
    }
    try {
      const summary = await this.restores.restore(path);
      console.log(`Restored ${Object.keys(summary.tables).length} tables, ${summary.rows} rows, ${summary.files} files (${summary.fileBytes} bytes)`);
      console.log('Every table matches the archive (row count and checksum); every file matches its SHA-256');
      const audit = await this.chain.verify();
      console.log(audit.intact ? `Audit trail intact: ${audit.entries} entries` : `Audit trail BROKEN: ${audit.firstBreak?.message}`);
    } catch (error) {
      if (error instanceof RestoreRefusedError) {
        console.error(`Restore refused: ${error.message}`);
        process.exitCode = EXIT.conflict;
      } else if (error instanceof ArchiveError) {
        console.error(`Restore failed, nothing was restored: ${error.message}`);
        process.exitCode = EXIT.invalidInput;
      } else {
        throw error;
      }
    }
  }
}
