import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { insertAssessments, insertCycle, insertLinks, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';

describe('Evidence revisions', () => {
  let app: INestApplication;
  let admin: TestUser;
  let dataSource: DataSource;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
  });
  afterAll(async () => {
    await app.close();
  });

  async function evidenceOf(year: number): Promise<{ id: string; version: number }> {
    const [row] = await dataSource.query(
      `SELECT e.id, e.version FROM evidence e JOIN evidence_link l ON l.evidence_id = e.id JOIN assessment a ON a.id = l.assessment_id
       WHERE a.cycle_year = $1 LIMIT 1`,
      [year],
    );
    return row;
  }

  it('keeps the judged revision when evidence cited by a published cycle is edited; the published cycle shows it', async () => {
    await insertCycle(dataSource, 2060, ['OSCE']);
    const [assessment] = await insertAssessments(dataSource, 2060, admin.id, [{ state: 'FRA', framework: 'OSCE', commitment: '1', stated: 3, reviewed: 3 }]);
    await insertLinks(dataSource, admin.id, [{ assessmentId: assessment, stance: 'supports', judgement: 'accepted' }]);
    await dataSource.query(`UPDATE evidence SET visibility = 'public'`);
    await publishCycle(app, 2060);
    const { id, version } = await evidenceOf(2060);
    const judged = await http().get('/api/cycles/2060/export.csv?dataset=evidence').expect(200);

    await http().patch(`/api/evidence/${id}`).set(bearer(admin)).send({ version, title: 'Edited after publication' }).expect(200);
    const { body: revisions } = await http().get(`/api/evidence/${id}/revisions`).expect(200);
    expect(revisions.map((r: { revision: number; title: string; current: boolean; publishedIn: unknown[] }) => [r.revision, r.title, r.current, r.publishedIn])).toEqual([
      [1, 'Evidence 1', false, [{ cycleYear: 2060, version: 1 }]],
      [2, 'Edited after publication', true, []],
    ]);
    const now = await http().get('/api/cycles/2060/export.csv?dataset=evidence').expect(200);
    expect(now.text).toBe(judged.text);
    expect(now.text).toContain('Evidence 1');
  });

  it('edits evidence cited only by draft assessments in place, and the database refuses to change a revision or a publication', async () => {
    await insertCycle(dataSource, 2061, ['OSCE']);
    const [draft] = await insertAssessments(dataSource, 2061, admin.id, [{ state: 'FRA', framework: 'OSCE', commitment: '1', stated: 2 }]);
    await insertLinks(dataSource, admin.id, [{ assessmentId: draft, stance: 'supports', judgement: 'pending' }]);
    const { id, version } = await evidenceOf(2061);
    await http().patch(`/api/evidence/${id}`).set(bearer(admin)).send({ version, title: 'Draft fix' }).expect(200);
    expect((await http().get(`/api/evidence/${id}/revisions`).set(bearer(admin)).expect(200)).body).toEqual([]);

    await publishCycle(app, 2061);
    await expect(dataSource.query(`UPDATE evidence_revision SET title = 'rewritten'`)).rejects.toThrow(/frozen and never change/);
    await expect(dataSource.query(`DELETE FROM publication_group_member`)).rejects.toThrow(/frozen and never change/);
    await expect(dataSource.query(`UPDATE publication SET note = 'x'`)).rejects.toThrow(/frozen and never change/);
    await insertCycle(dataSource, 2062, ['OSCE']);
    // Publishing without the freezing step is refused at commit.
    await expect(
      dataSource.query(`UPDATE cycle SET status = 'published', published_at = now() WHERE year = 2062`),
    ).rejects.toThrow(/published without a publication/);
    await http().get(`/api/evidence/00000000-0000-4000-8000-000000000000/revisions`).expect(404);
  });
});
