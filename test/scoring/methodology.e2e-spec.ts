import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { insertAssessments, insertCycle, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';

// Methodology versions as data: the shipped default, creation by admins with validation, immutability,
// and the version a cycle uses.
describe('Methodology versions', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let admin: TestUser;
  let reviewer: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
  });

  const http = () => request(app.getHttpServer());
  const create = (body: object, status = 201) => http().post('/api/methodologies').set(bearer(admin)).send(body).expect(status);

  it('ships 2026.1 exactly as METHODOLOGY.md describes it, and keeps it through a TRUNCATE', async () => {
    await insertCycle(dataSource, 2030, ['GGE']);
    const { body } = await http().get('/api/methodologies/2026.1').expect(200);
    expect(body).toMatchObject({
      version: '2026.1',
      levels: [
        { level: 0, label: 'Not implemented', score: 0 },
        { level: 1, label: 'Initial', score: 25 },
        { level: 2, label: 'Partial', score: 50 },
        { level: 3, label: 'Substantial', score: 75 },
        { level: 4, label: 'Full', score: 100 },
      ],
      evidenceThreshold: 1,
      tierThresholds: { advanced: 80, established: 60, developing: 40, initial: 20 },
      weights: [],
      cycles: [2030],
    });
    const list = await http().get('/api/methodologies').expect(200);
    expect(list.body.map((m: { version: string }) => m.version)).toEqual(['2026.1']);
  });

  it('creates a version from another, copying what is left out, and uses its weights for a cycle', async () => {
    const { body } = await create({ version: '2027.1', title: 'Restraint counts double', weights: [{ framework: 'gge', commitment: '13(f)', weight: 2 }] });
    expect(body).toMatchObject({
      version: '2027.1',
      evidenceThreshold: 1,
      tierThresholds: { advanced: 80, established: 60, developing: 40, initial: 20 },
      weights: [{ framework: 'GGE', commitment: '13(f)', weight: 2 }],
      cycles: [],
    });
    const copy = await create({ version: '2027.2', title: 'Copy', basedOn: '2027.1', tierThresholds: { advanced: 90, established: 70, developing: 50, initial: 10 } });
    expect(copy.body).toMatchObject({ weights: [{ framework: 'GGE', commitment: '13(f)', weight: 2 }], tierThresholds: { advanced: 90, initial: 10 } });

    await insertCycle(dataSource, 2030, ['GGE']);
    await insertAssessments(dataSource, 2030, reviewer.id, [{ state: 'FRA', framework: 'GGE', commitment: '13(f)', stated: 4 }]);
    const card = () => http().get('/api/cycles/2030/states/FRA/scorecard?framework=GGE').set(bearer(reviewer)).expect(200);
    expect((await card()).body.statedIndex).toBeCloseTo(100 / 11, 12);
    const put = await http().put('/api/cycles/2030/methodology').set(bearer(admin)).send({ version: '2027.1' }).expect(200);
    expect(put.body).toEqual({ year: 2030, methodologyVersion: '2027.1' });
    const weighted = (await card()).body;
    expect(weighted).toMatchObject({ methodologyVersion: '2027.1', weightTotal: 12 });
    expect(weighted.statedIndex).toBeCloseTo(200 / 12, 12);
    const [audit] = await dataSource.query(`SELECT before, after FROM audit_entry WHERE action = 'cycle.methodology_changed'`);
    expect(audit).toEqual({ before: { methodologyVersion: '2026.1' }, after: { methodologyVersion: '2027.1' } });
  });

  it('refuses an existing version with 409', async () => {
    await create({ version: '2027.1', title: 'First' });
    const { body } = await create({ version: '2027.1', title: 'Again' }, 409);
    expect(body.code).toBe('METHODOLOGY_EXISTS');
    await create({ version: '2026.1', title: 'Default again' }, 409);
  });

  it.each([
    ['thresholds that do not descend', { tierThresholds: { advanced: 80, established: 80, developing: 40, initial: 20 } }, 'tierThresholds'],
    ['a zero initial threshold', { tierThresholds: { advanced: 80, established: 60, developing: 40, initial: 0 } }, 'tierThresholds'],
    ['a threshold above 100', { tierThresholds: { advanced: 101, established: 60, developing: 40, initial: 20 } }, 'tierThresholds.advanced'],
    ['a zero weight', { weights: [{ framework: 'GGE', commitment: '13(a)', weight: 0 }] }, 'weights.0.weight'],
    ['a negative weight', { weights: [{ framework: 'GGE', commitment: '13(a)', weight: -1 }] }, 'weights.0.weight'],
    ['an unknown commitment', { weights: [{ framework: 'GGE', commitment: '13(z)', weight: 2 }] }, 'weights.0.commitment'],
    ['an unknown framework', { weights: [{ framework: 'NOPE', commitment: '1', weight: 2 }] }, 'weights.0.commitment'],
    ['a weight given twice', { weights: [{ framework: 'GGE', commitment: '13(a)', weight: 2 }, { framework: 'GGE', commitment: '13(a)', weight: 3 }] }, 'weights.1'],
    ['four levels', { levels: [0, 1, 2, 3].map((level) => ({ level, label: 'L', score: level * 10 })) }, 'levels'],
    ['a level twice', { levels: [0, 1, 2, 3, 3].map((level, i) => ({ level, label: 'L', score: i * 10 })) }, 'levels'],
    ['scores that do not rise', { levels: [0, 1, 2, 3, 4].map((level) => ({ level, label: 'L', score: level === 4 ? 30 : level * 10 })) }, 'levels'],
    ['a score above 100', { levels: [0, 1, 2, 3, 4].map((level) => ({ level, label: 'L', score: level * 30 })) }, 'levels.4.score'],
    ['an empty level label', { levels: [0, 1, 2, 3, 4].map((level) => ({ level, label: ' ', score: level * 10 })) }, 'levels.0.label'],
    ['an evidence threshold of 5', { evidenceThreshold: 5 }, 'evidenceThreshold'],
    ['a badly formed version', { version: 'v2' }, 'version'],
    ['an unknown base version', { basedOn: '1999.1' }, 'basedOn'],
    ['an unknown property', { extra: true }, 'extra'],
  ])('refuses %s with 400 and the field', async (_name, change, field) => {
    const { body } = await create({ version: '2027.9', title: 'Invalid', ...change }, 400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    await http().get('/api/methodologies/2027.9').expect(404);
  });

  it('never changes a version once created (database triggers)', async () => {
    await create({ version: '2027.1', title: 'Weighted', weights: [{ framework: 'GGE', commitment: '13(a)', weight: 2 }] });
    for (const sql of [
      `UPDATE methodology SET tier_advanced_min = 90 WHERE version = '2027.1'`,
      `DELETE FROM methodology WHERE version = '2027.1'`,
      `UPDATE methodology_weight SET weight = 3 WHERE methodology_version = '2027.1'`,
      `DELETE FROM methodology_weight WHERE methodology_version = '2027.1'`,
      `INSERT INTO methodology_weight (methodology_version, framework_code, commitment_code, weight) VALUES ('2027.1', 'GGE', '13(b)', 2)`,
      `INSERT INTO methodology_weight (methodology_version, framework_code, commitment_code, weight) VALUES ('2026.1', 'GGE', '13(b)', 2)`,
    ]) {
      await expect(dataSource.query(sql)).rejects.toMatchObject({ driverError: { code: '55000' } });
    }
    const { body } = await http().get('/api/methodologies/2027.1').expect(200);
    expect(body.weights).toEqual([{ framework: 'GGE', commitment: '13(a)', weight: 2 }]);
  });

  it('checks the invariants in the database too', async () => {
    const insert = (values: string) =>
      dataSource.query(
        `INSERT INTO methodology (version, title, level_labels, level_scores, evidence_threshold, tier_advanced_min, tier_established_min, tier_developing_min, tier_initial_min) VALUES ${values}`,
      );
    const labels = `ARRAY['a','b','c','d','e']`;
    await expect(insert(`('2027.5', 't', ${labels}, ARRAY[0,25,50,75,100], 1, 60, 80, 40, 20)`)).rejects.toMatchObject({ driverError: { constraint: 'CHK_methodology_tiers' } });
    await expect(insert(`('2027.5', 't', ${labels}, ARRAY[0,25,25,75,100], 1, 80, 60, 40, 20)`)).rejects.toMatchObject({ driverError: { constraint: 'CHK_methodology_level_scores' } });
    await expect(insert(`('2027.5', 't', ${labels}, ARRAY[0,25,NULL,75,100], 1, 80, 60, 40, 20)`)).rejects.toMatchObject({ driverError: { constraint: 'CHK_methodology_level_scores' } });
    await expect(insert(`('2027.5', 't', ARRAY['a','b'], ARRAY[0,25,50,75,100], 1, 80, 60, 40, 20)`)).rejects.toMatchObject({ driverError: { constraint: 'CHK_methodology_level_labels' } });
    await expect(insert(`('2027.5', 't', ${labels}, ARRAY[0,25,50,75,100], 5, 80, 60, 40, 20)`)).rejects.toMatchObject({ driverError: { constraint: 'CHK_methodology_evidence_threshold' } });
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO methodology (version, title, level_labels, level_scores, evidence_threshold, tier_advanced_min, tier_established_min, tier_developing_min, tier_initial_min) VALUES ('2027.6', 't', ${labels}, ARRAY[0,25,50,75,100], 1, 80, 60, 40, 20)`);
        await manager.query(`INSERT INTO methodology_weight VALUES ('2027.6', 'GGE', '13(a)', 0)`);
      }),
    ).rejects.toMatchObject({ driverError: { constraint: 'CHK_methodology_weight_weight' } });
  });

  describe('PUT /api/cycles/{year}/methodology', () => {
    it('answers 404 for an unknown cycle and 400 for an unknown version', async () => {
      await http().put('/api/cycles/2044/methodology').set(bearer(admin)).send({ version: '2026.1' }).expect(404);
      await insertCycle(dataSource, 2044, ['GGE']);
      const { body } = await http().put('/api/cycles/2044/methodology').set(bearer(admin)).send({ version: '2031.7' }).expect(400);
      expect(body.errors).toEqual([{ field: 'version', messages: ['methodology 2031.7 does not exist'] }]);
      const badYear = await http().put('/api/cycles/abc/methodology').set(bearer(admin)).send({ version: '2026.1' }).expect(400);
      expect(badYear.body.errors.map((e: { field: string }) => e.field)).toEqual(['year']);
      const badVersion = await http().put('/api/cycles/2044/methodology').set(bearer(admin)).send({ version: 'x' }).expect(400);
      expect(badVersion.body.errors.map((e: { field: string }) => e.field)).toEqual(['version']);
    });

    it('is refused with 409 once the cycle is published', async () => {
      await create({ version: '2027.1', title: 'Other' });
      await insertCycle(dataSource, 2044, ['GGE']);
      await publishCycle(app, 2044);
      const { body } = await http().put('/api/cycles/2044/methodology').set(bearer(admin)).send({ version: '2027.1' }).expect(409);
      expect(body).toMatchObject({ statusCode: 409, code: 'CYCLE_FROZEN' });
      const [cycle] = await dataSource.query('SELECT methodology_version FROM cycle WHERE year = 2044');
      expect(cycle.methodology_version).toBe('2026.1');
    });
  });
});
