import { copyFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { Dataset, DATASETS } from '../reports/open-data';
import { ReportFormat, ReportsService } from '../reports/reports.service';
import { actAs, CliInputError } from './cli-actor';
import { reportCliError } from './cli-errors';
import { StepProgress } from './progress';

interface ReportOptions {
  format?: ReportFormat;
  dataset?: Dataset;
  group?: string;
  framework?: string;
  state?: string;
  out?: string;
  as?: string;
}

const FORMATS: ReportFormat[] = ['html', 'pdf', 'xlsx', 'csv', 'json'];

@Command({
  name: 'report',
  arguments: '<year>',
  aliases: ['export'],
  description:
    'Generate the annual report (html, pdf, xlsx) or open data (csv, json) of a cycle into a file; prints its path and SHA-256. ' +
    'Without --as, only published cycles (as the public sees them)',
})
export class ReportCommand extends CommandRunner {
  constructor(
    private readonly reports: ReportsService,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async run([year]: string[], options: ReportOptions): Promise<void> {
    const progress = new StepProgress(3);
    try {
      const format = options.format ?? 'html';
      if (!FORMATS.includes(format)) throw new CliInputError(`--format must be one of ${FORMATS.join(', ')}`);
      if (options.dataset && !DATASETS.includes(options.dataset)) throw new CliInputError(`--dataset must be one of ${DATASETS.join(', ')}`);
      if (!/^\d{4}$/.test(year)) throw new CliInputError('year must be a year such as 2026');
      const actor = await actAs(this.dataSource, options.as, ['admin', 'reviewer', 'state_official', 'viewer']);
      progress.step('gathering scorecards and evidence');
      const scope = {
        year: Number(year),
        group: options.group?.toUpperCase(),
        framework: options.framework?.toUpperCase(),
        state: options.state?.toUpperCase(),
      };
      const report = await this.reports.render(scope, format, actor, options.dataset);
      progress.step('writing the file');
      const out = resolve(options.out ?? report.filename);
      try {
        await copyFile(report.path, out);
      } finally {
        await report.dispose();
      }
      progress.step('done');
      progress.stop();
      console.log(`${out}\nsha256 ${report.sha256}${report.recordedSha256 && report.recordedSha256 !== report.sha256 ? ` (recorded ${report.recordedSha256})` : ''}`);
    } catch (error) {
      progress.stop();
      if (!reportCliError(error)) throw error;
    }
  }

  @Option({ flags: '-f, --format <format>', description: 'html (default), pdf, xlsx, csv or json' })
  parseFormat(value: string): string {
    return value.toLowerCase();
  }

  @Option({ flags: '-d, --dataset <dataset>', description: 'for csv: scorecards (default), assessments or evidence' })
  parseDataset(value: string): string {
    return value.toLowerCase();
  }

  @Option({ flags: '-g, --group <group>', description: 'only the members of this group' })
  parseGroup(value: string): string {
    return value;
  }

  @Option({ flags: '--framework <framework>', description: 'only this framework (GGE, OSCE, OAS)' })
  parseFramework(value: string): string {
    return value;
  }

  @Option({ flags: '-s, --state <iso3>', description: 'a one-state report' })
  parseState(value: string): string {
    return value;
  }

  @Option({ flags: '-o, --out <file>', description: 'where to write (default: a descriptive name in the current folder)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--as <email>', description: 'act as this user (needed for unpublished cycles)' })
  parseAs(value: string): string {
    return value;
  }
}
