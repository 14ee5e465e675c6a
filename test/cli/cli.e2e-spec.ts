import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { CliModule } from '../../src/cli/cli.module';
import { ImportCommand } from '../../src/cli/import.command';
import { LoadCatalogueCommand } from '../../src/cli/load-catalogue.command';
import { ReportCommand } from '../../src/cli/report.command';
import { ReportTempFiles } from '../../src/reports/output/report-temp-files';
import { UsersService } from '../../src/users/users.service';
import { ensureWorkerDatabase } from '../setup/test-database';

/** Runs a command as the CLI would and captures what it prints and the exit code it leaves. */
async function run(command: { run(args: string[], options: object): Promise<void> }, args: string[], options: object = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts) => void out.push(parts.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...parts) => void err.push(parts.join(' ')));
  process.exitCode = undefined;
  try {
    await command.run(args, options);
    return { exitCode: process.exitCode ?? 0, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = undefined;
  }
}

describe('CLI commands', () => {
  let cli: INestApplicationContext;
  let dir: string;

  beforeAll(async () => {
    await ensureWorkerDatabase();
    const moduleRef = await Test.createTestingModule({ imports: [CliModule] }).compile();
    cli = await moduleRef.init();
    dir = await mkdtemp(join(tmpdir(), 'cnt-cli-'));
    const dataSource = cli.get(DataSource);
    await dataSource.query(`TRUNCATE app_user, cycle, audit_entry RESTART IDENTITY CASCADE`);
    await cli.get(UsersService).create({ email: 'cli-reviewer@example.org', name: 'CLI', role: 'reviewer', password: 'a long enough password' }, null);
    await dataSource.query(`INSERT INTO cycle (year, title, version) VALUES (2026, 'CLI cycle', 1)`);
    await dataSource.query(`INSERT INTO cycle_framework (cycle_year, framework_id) SELECT 2026, id FROM framework WHERE code = 'GGE'`);
  });
  afterAll(async () => {
    await cli.close();
  });

  it('loads the catalogue idempotently, and rejects a broken one with exit code 2', async () => {
    const ok = await run(cli.get(LoadCatalogueCommand), ['catalogue']);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ frameworksAdded: [] });
    const broken = await run(cli.get(LoadCatalogueCommand), [join(dir, 'nowhere')]);
    expect(broken).toMatchObject({ exitCode: 2 });
    expect(broken.err).toContain('states.yaml: file is missing or unreadable');
  });

  it('imports a file as a named reviewer, with one error per line and exit code 2 when rows are wrong', async () => {
    const good = join(dir, 'good.csv');
    await writeFile(good, 'cycle_year,state_iso3,framework,commitment,stated_level,source\n2026,FRA,GGE,13(a),2,public_statement\n');
    const missingActor = await run(cli.get(ImportCommand), [good], {});
    expect(missingActor).toMatchObject({ exitCode: 2, err: 'Say who imports: --as <email of a reviewer or admin>' });
    const imported = await run(cli.get(ImportCommand), [good], { as: 'cli-reviewer@example.org' });
    expect(imported.exitCode).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ assessmentsCreated: 1 });

    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'cycle_year,state_iso3,framework,commitment,stated_level,source\n2026,FRA,GGE,13(b),9,public_statement\n2026,ZZZ,GGE,13(b),1,other\n');
    const rejected = await run(cli.get(ImportCommand), [bad], { as: 'cli-reviewer@example.org' });
    expect(rejected.exitCode).toBe(2);
    expect(rejected.err.split('\n')).toEqual([
      '2 problem(s) in the file; nothing was imported',
      'row 2: stated_level: must be a whole number from 0 to 4, or empty',
      'row 3: state_iso3: unknown state ZZZ',
    ]);
  });

  it('writes a report to a file and prints its path and SHA-256; unpublished cycles need --as', async () => {
    const out = join(dir, 'report.csv');
    const anonymous = await run(cli.get(ReportCommand), ['2026'], { format: 'csv', out });
    expect(anonymous).toMatchObject({ exitCode: 2, err: 'Cycle 2026 not found' });
    const written = await run(cli.get(ReportCommand), ['2026'], { format: 'csv', out, as: 'cli-reviewer@example.org' });
    expect(written.exitCode).toBe(0);
    const [path, hash] = written.out.split('\n');
    expect(path).toBe(out);
    expect(hash).toMatch(/^sha256 [0-9a-f]{64}$/);
    expect(existsSync(out)).toBe(true);
    expect((await readFile(out, 'utf8')).split('\r\n')[0]).toMatch(/^cycle_year,methodology_version,/);
    // An HTML report (rendered in a worker thread), copied out of its temporary file, which is then removed.
    const html = join(dir, 'report.html');
    const page = await run(cli.get(ReportCommand), ['2026'], { format: 'html', out: html, as: 'cli-reviewer@example.org', state: 'FRA' });
    expect(page.exitCode).toBe(0);
    expect(page.out.split('\n')[1]).toBe(`sha256 ${createHash('sha256').update(await readFile(html)).digest('hex')}`);
    expect(await readFile(html, 'utf8')).toContain('Draft: this cycle is not published');
    expect(await readdir(cli.get(ReportTempFiles).dir)).toEqual([]);
    const wrong = await run(cli.get(ReportCommand), ['2026'], { format: 'docx' });
    expect(wrong).toMatchObject({ exitCode: 2, err: '--format must be one of html, pdf, xlsx, csv, json' });
  });
});
