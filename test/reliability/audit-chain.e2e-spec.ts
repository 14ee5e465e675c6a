import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { AuditVerifyCommand } from '../../src/cli/audit-verify.command';
import { CliModule } from '../../src/cli/cli.module';
import { AuditChainService } from '../../src/integrity/audit-chain.service';
import { EXIT_INTEGRITY_PROBLEM } from '../../src/integrity/integrity-exit-codes';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { reportFigures } from './helpers/figures';

const APPEND_ONLY = '"TRG_audit_entry_append_only"';

describe('Tamper-evident audit trail', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let chain: AuditChainService;
  let admin: TestUser;
  const figures = { concurrentAppends: 0, entriesVerified: 0, tamperingsTried: 0, tamperingsDetected: 0 };

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    chain = new AuditChainService(dataSource);
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
  });
  afterAll(async () => {
    reportFigures('audit-chain', figures);
    await app.close();
  });

  /** Edits the trail the way only a database superuser could: with the append-only trigger switched off. */
  async function tamper(sql: string, parameters: unknown[] = [], then?: string): Promise<void> {
    await dataSource.transaction(async (manager) => {
      await manager.query(`ALTER TABLE audit_entry DISABLE TRIGGER ${APPEND_ONLY}`);
      await manager.query(sql, parameters);
      if (then) await manager.query(then, parameters);
      await manager.query(`ALTER TABLE audit_entry ENABLE TRIGGER ${APPEND_ONLY}`);
    });
    figures.tamperingsTried++;
  }

  async function entries(): Promise<Array<{ id: string; chain_seq: string }>> {
    return dataSource.query('SELECT id::text, chain_seq::text FROM audit_entry e ORDER BY e.chain_seq');
  }

  async function someHistory(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await request(app.getHttpServer())
        .post('/api/groups')
        .set(bearer(admin))
        .send({ code: `CHAIN${i}`, name: `Chain group ${i}`, members: ['FRA'] })
        .expect(201);
    }
  }

  it('chains every entry, from every writer, without forking under concurrent appends', async () => {
    await someHistory();
    // 60 appends at once, from the service and from a set-based INSERT … SELECT like copy-forward's.
    const audit = app.get(AuditService);
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) =>
        dataSource.transaction((manager) => audit.record(manager, { actorUserId: admin.id, action: 'test.append', entityType: 'test', entityId: String(i) })),
      ),
      ...Array.from({ length: 10 }, () =>
        dataSource.query(
          `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id) SELECT $1, 'test.bulk', 'test', g::text FROM generate_series(1, 3) g`,
          [admin.id],
        ),
      ),
    ]);
    figures.concurrentAppends += 60;
    const rows = await entries();
    expect(rows.map((row) => Number(row.chain_seq))).toEqual(rows.map((_, index) => index + 1));
    const report = await chain.verify();
    expect(report).toMatchObject({ intact: true, entries: rows.length, headSeq: String(rows.length) });
    figures.entriesVerified += report.entries;
    const forks = await dataSource.query('SELECT prev_hash, count(*) FROM audit_entry GROUP BY prev_hash HAVING count(*) > 1');
    expect(forks).toEqual([]);
  });

  it('finds an edited entry and names it', async () => {
    await someHistory();
    const [, , third] = await entries();
    await tamper(`UPDATE audit_entry SET after = jsonb_set(after, '{name}', '"Forged"') WHERE id = $1`, [third.id]);
    const report = await chain.verify();
    expect(report.intact).toBe(false);
    expect(report.firstBreak).toMatchObject({ chainSeq: third.chain_seq, entryId: third.id, problem: 'edited' });
    figures.tamperingsDetected++;
  });

  it('finds an entry whose hash was recomputed after editing, at the link to the next one', async () => {
    await someHistory();
    const [, second, third] = await entries();
    await tamper(`UPDATE audit_entry SET action = 'forged' WHERE id = $1`, [second.id], `UPDATE audit_entry e SET entry_hash = audit_entry_digest(e) WHERE id = $1`);
    const report = await chain.verify();
    expect(report.firstBreak).toMatchObject({ chainSeq: third.chain_seq, entryId: third.id, problem: 'relinked' });
    figures.tamperingsDetected++;
  });

  it('finds a deleted entry in the middle and at the end', async () => {
    await someHistory();
    const all = await entries();
    await tamper('DELETE FROM audit_entry WHERE id = $1', [all[2].id]);
    const middle = await chain.verify();
    expect(middle.firstBreak).toMatchObject({ chainSeq: all[2].chain_seq, entryId: null, problem: 'deleted' });
    expect(middle.firstBreak!.message).toContain(all[3].id);
    figures.tamperingsDetected++;

    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    await someHistory();
    const again = await entries();
    await tamper('DELETE FROM audit_entry WHERE id = $1', [again[again.length - 1].id]);
    const tail = await chain.verify();
    expect(tail.firstBreak).toMatchObject({ chainSeq: again[again.length - 1].chain_seq, problem: 'truncated' });
    figures.tamperingsDetected++;
  });

  it('audit:verify exits 0 on an intact trail and 4 on a broken one, naming the entry', async () => {
    await someHistory();
    // The CLI's own module wiring resolves the command.
    const cli = await Test.createTestingModule({ imports: [CliModule] }).compile();
    const command = cli.get(AuditVerifyCommand);
    const output = captureConsole();
    try {
      process.exitCode = undefined;
      await command.run();
      expect(process.exitCode).toBeUndefined();
      expect(output.text()).toMatch(/Audit trail intact: \d+ entries/);
      const [first] = await entries();
      await tamper(`UPDATE audit_entry SET request_id = 'forged' WHERE id = $1`, [first.id]);
      await command.run();
      expect(process.exitCode).toBe(EXIT_INTEGRITY_PROBLEM);
      expect(output.text()).toContain(`BROKEN at chain position 1 (audit entry ${first.id})`);
      figures.tamperingsDetected++;
    } finally {
      process.exitCode = undefined;
      output.restore();
      await cli.close();
    }
  });
});

function captureConsole(): { text(): string; restore(): void } {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args) => void lines.push(args.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...args) => void lines.push(args.join(' ')));
  return {
    text: () => lines.join('\n'),
    restore: () => {
      log.mockRestore();
      error.mockRestore();
    },
  };
}
