import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditChainService } from '../../src/integrity/audit-chain.service';
import { databaseChecksums } from '../../src/backup/table-catalog';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { openCycle, pdfBytes } from '../helpers/workflow';
import { reportFigures } from './helpers/figures';

const CLIENTS = 24;
const ASSESSMENT = '/api/cycles/2026/states/FRA/assessments/GGE%3A13(f)';

/** Many clients at once on the same rows: exactly one winner, every loser a 409, nothing lost or doubled. */
describe('Concurrent clients', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let admin: TestUser;
  let reviewer: TestUser;
  let official: TestUser;
  const figures = { concurrentOperations: 0, succeeded: 0, conflicts409: 0, other: 0, lostUpdates: 0, duplicates: 0 };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
    official = await createUser(app, 'state_official', { states: ['FRA'] });
    await openCycle(app, admin, 2026);
  });
  afterEach(async () => {
    // Whatever happened, the audit trail is one unbroken chain and each change wrote exactly one entry.
    const chain = await new AuditChainService(dataSource).verify();
    expect(chain.intact).toBe(true);
  });
  afterAll(async () => {
    reportFigures('concurrency', figures);
    await app.close();
  });

  function tally(statuses: number[], success: number[]): void {
    figures.concurrentOperations += statuses.length;
    figures.succeeded += statuses.filter((s) => success.includes(s)).length;
    figures.conflicts409 += statuses.filter((s) => s === 409).length;
    figures.other += statuses.filter((s) => !success.includes(s) && s !== 409).length;
  }

  async function auditCount(action: string): Promise<number> {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM audit_entry WHERE action = $1', [action]);
    return n;
  }

  it('creating the same assessment at once: one is created, the others get 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => http().put(ASSESSMENT).set(bearer(official)).send({ statedLevel: i % 5, narrative: `client ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    tally(statuses, [200, 201]);
    expect(statuses.filter((s) => s < 300)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CLIENTS - 1);
    for (const r of responses.filter((r) => r.status === 409)) expect(['ALREADY_EXISTS', 'CONCURRENT_UPDATE']).toContain(r.body.code);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM assessment`);
    figures.duplicates += n - 1;
    expect(n).toBe(1);
  });

  it('updating from the same version at once: one wins, the others get 409 VERSION_CONFLICT with the current version', async () => {
    const created = await http().put(ASSESSMENT).set(bearer(official)).send({ statedLevel: 1, narrative: 'first' }).expect(200);
    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        http().put(ASSESSMENT).set(bearer(official)).send({ version: created.body.version, statedLevel: 2, narrative: `client ${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    tally(statuses, [200]);
    const winners = responses.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(r.body).toMatchObject({ statusCode: 409, code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    }
    expect(statuses.filter((s) => s === 409)).toHaveLength(CLIENTS - 1);
    const current = await http().get(ASSESSMENT).set(bearer(official)).expect(200);
    expect(current.body).toMatchObject({ version: 2, narrative: winners[0].body.narrative });
  });

  it('read-modify-write with retries on 409: no update is lost', async () => {
    await http().put(ASSESSMENT).set(bearer(official)).send({ statedLevel: 1, narrative: 'start' }).expect(200);
    const client = async (i: number): Promise<number[]> => {
      const seen: number[] = [];
      for (;;) {
        const current = await http().get(ASSESSMENT).set(bearer(official)).expect(200);
        const response = await http()
          .put(ASSESSMENT)
          .set(bearer(official))
          .send({ version: current.body.version, statedLevel: i % 5, narrative: `client ${i}` });
        seen.push(response.status);
        if (response.status === 200) return seen;
        expect(response.status).toBe(409);
      }
    };
    const statuses = (await Promise.all(Array.from({ length: 12 }, (_, i) => client(i)))).flat();
    tally(statuses, [200]);
    const current = await http().get(ASSESSMENT).set(bearer(official)).expect(200);
    // Every client's write landed exactly once: one version step and one audit entry each.
    expect(current.body.version).toBe(1 + 12);
    const narratives: Array<{ narrative: string }> = await dataSource.query(
      `SELECT after->>'narrative' AS narrative FROM audit_entry WHERE entity_id = $1 AND after ? 'narrative' ORDER BY chain_seq`,
      [current.body.id],
    );
    const written = narratives.map((row) => row.narrative).filter((n) => n?.startsWith('client '));
    const lost = Array.from({ length: 12 }, (_, i) => `client ${i}`).filter((n) => !written.includes(n));
    figures.lostUpdates += lost.length;
    expect(lost).toEqual([]);
    expect(written).toHaveLength(12);
  });

  it('linking the same evidence at once: one link, the others 409', async () => {
    const assessment = await http().put(ASSESSMENT).set(bearer(official)).send({ statedLevel: 2 }).expect(200);
    const evidence = await http()
      .post('/api/evidence')
      .set(bearer(reviewer))
      .send({ title: 'Decree', kind: 'legislation', url: 'https://example.org/decree' })
      .expect(201);
    const linksBefore = (await dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_type = 'evidence_link'`))[0].n;
    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, () =>
        http().post(`/api/assessments/${assessment.body.id}/evidence`).set(bearer(reviewer)).send({ evidenceId: evidence.body.id, stance: 'supports' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    tally(statuses, [201]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CLIENTS - 1);
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM evidence_link');
    figures.duplicates += n - 1;
    expect(n).toBe(1);
    const linkAudits = (await dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_type = 'evidence_link'`))[0].n;
    expect(linkAudits - linksBefore).toBe(1);
  });

  it('uploading the same file at once: one stored copy, one row, every client gets it', async () => {
    const bytes = pdfBytes('same file uploaded by everyone');
    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', bytes, `copy-${i}.pdf`)),
    );
    const statuses = responses.map((r) => r.status);
    tally(statuses, [201]);
    expect(statuses.every((s) => s === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.body.deduplicated === false)).toHaveLength(1);
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM evidence_file');
    figures.duplicates += n - 1;
    expect(n).toBe(1);
    expect(await auditCount('evidence_file.uploaded')).toBe(1);
  });

  it('many different writes at once all land, and the totals add up', async () => {
    const before = await databaseChecksums(dataSource.manager);
    const codes = ['13(a)', '13(b)', '13(c)', '13(d)', '13(e)', '13(f)', '13(g)', '13(h)', '13(i)', '13(j)', '13(k)'];
    const responses = await Promise.all([
      ...codes.map((code) =>
        http().put(`/api/cycles/2026/states/FRA/assessments/${encodeURIComponent(`GGE:${code}`)}`).set(bearer(official)).send({ statedLevel: 3 }),
      ),
      ...Array.from({ length: 13 }, (_, i) =>
        http().post('/api/evidence').set(bearer(reviewer)).send({ title: `Item ${i}`, kind: 'official_statement', url: `https://example.org/${i}` }),
      ),
    ]);
    const statuses = responses.map((r) => r.status);
    tally(statuses, [200, 201]);
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    const after = await databaseChecksums(dataSource.manager);
    expect(after.assessment.rows - before.assessment.rows).toBe(codes.length);
    expect(after.evidence.rows - before.evidence.rows).toBe(13);
    expect(after.audit_entry.rows - before.audit_entry.rows).toBe(codes.length + 13);
  });
});
