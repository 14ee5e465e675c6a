import { readFile } from 'node:fs/promises';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { ImportService } from '../import/import.service';
import { actAs, CliInputError } from './cli-actor';
import { reportCliError } from './cli-errors';
import { StepProgress } from './progress';

interface ImportOptions {
  as?: string;
  dryRun?: boolean;
}

@Command({
  name: 'import',
  arguments: '<file>',
  description: 'Import assessments and evidence links from a CSV or XLSX file (all or nothing). Errors: one per line on stderr, exit 2',
})
export class ImportCommand extends CommandRunner {
  constructor(
    private readonly imports: ImportService,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async run([file]: string[], options: ImportOptions): Promise<void> {
    const progress = new StepProgress(3);
    try {
      const actor = await actAs(this.dataSource, options.as, ['admin', 'reviewer']);
      if (!actor) throw new CliInputError('Say who imports: --as <email of a reviewer or admin>');
      const content = await readFile(file).catch(() => {
        throw new CliInputError(`Cannot read ${file}`);
      });
      progress.step('checking and writing every row');
      const result = await this.imports.import(content, actor, options.dryRun ?? false);
      progress.step('done');
      progress.stop();
      console.log(JSON.stringify(result, null, 2));
    } catch (error) {
      progress.stop();
      if (!reportCliError(error)) throw error;
    }
  }

  @Option({ flags: '--as <email>', description: 'the reviewer or admin the import is recorded as (required)' })
  parseAs(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'check and count, write nothing' })
  parseDryRun(): boolean {
    return true;
  }
}
