import { Command, CommandRunner, Option } from 'nest-commander';
import { FileIntegrityService } from '../integrity/file-integrity.service';
import { EXIT_INTEGRITY_PROBLEM } from '../integrity/integrity-exit-codes';

interface FilesCheckOptions {
  repair?: boolean;
  graceMinutes?: number;
  json?: boolean;
}

@Command({
  name: 'files:check',
  description:
    `Check evidence files against their rows: missing or corrupt objects, orphan objects, stale temp uploads. ` +
    `--repair removes orphans and stale temp files (never a row). Exit ${EXIT_INTEGRITY_PROBLEM} while a problem remains`,
})
export class FilesCheckCommand extends CommandRunner {
  constructor(private readonly files: FileIntegrityService) {
    super();
  }

  async run(_args: string[], options: FilesCheckOptions): Promise<void> {
    const report = await this.files.check({ repair: options.repair, graceMinutes: options.graceMinutes });
    if (options.json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      console.log(`${report.rowsChecked} file rows checked, ${report.objectsSeen} stored objects seen`);
      for (const file of report.broken) {
        const users = file.evidenceIds.length > 0 ? `used by evidence ${file.evidenceIds.join(', ')}` : 'used by no evidence';
        console.log(`${file.problem.toUpperCase()}: file ${file.fileId} (${file.storageKey}), ${users}`);
      }
      for (const key of report.orphans) console.log(`ORPHAN object (no row): ${key}`);
      for (const name of report.staleTemp) console.log(`STALE temp upload: tmp/${name}`);
      if (report.skippedRecent > 0) console.log(`${report.skippedRecent} recent file(s) left alone (possibly uploads in progress)`);
      if (report.repaired) console.log(`Repaired: ${report.repaired.orphansRemoved} orphan object(s) and ${report.repaired.tempRemoved} temp file(s) removed`);
    }
    const cleaned = report.repaired !== undefined && report.repaired.orphansRemoved === report.orphans.length;
    const remaining = report.broken.length + (cleaned ? 0 : report.orphans.length + report.staleTemp.length);
    if (remaining > 0) process.exitCode = EXIT_INTEGRITY_PROBLEM;
  }

  @Option({ flags: '--repair', description: 'remove orphan objects and stale temp uploads' })
  parseRepair(): boolean {
    return true;
  }

  @Option({ flags: '--grace-minutes <minutes>', description: 'leave files younger than this alone (default 60)' })
  parseGrace(value: string): number {
    const minutes = Number(value);
    if (!Number.isFinite(minutes) || minutes < 0) throw new Error('--grace-minutes must be a number of minutes, 0 or more');
    return minutes;
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }
}
