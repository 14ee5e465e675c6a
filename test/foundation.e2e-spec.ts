import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './helpers/test-app';

describe('Foundation: catalogue read API', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists the GGE framework with 11 commitments and the OSCE framework with 16', async () => {
    const response = await request(app.getHttpServer()).get('/api/frameworks').expect(200);
    const byCode = Object.fromEntries(response.body.map((f: { code: string }) => [f.code, f]));
    expect(byCode.GGE.commitments).toHaveLength(11);
    expect(byCode.OSCE.commitments).toHaveLength(16);
    expect(byCode.GGE.applicabilityGroup).toBe('UN');
    expect(byCode.OSCE.applicabilityGroup).toBe('OSCE');
    expect(byCode.GGE.commitments.map((c: { code: string }) => c.code)).toEqual([
      '13(a)', '13(b)', '13(c)', '13(d)', '13(e)', '13(f)', '13(g)', '13(h)', '13(i)', '13(j)', '13(k)',
    ]);
  });

  it('returns 57 OSCE participating States and 193 UN Member States', async () => {
    const osce = await request(app.getHttpServer()).get('/api/states?group=OSCE').expect(200);
    expect(osce.body).toHaveLength(57);
    expect(osce.body.map((s: { iso3: string }) => s.iso3)).toContain('VAT');
    const un = await request(app.getHttpServer()).get('/api/groups/UN').expect(200);
    expect(un.body.memberCount).toBe(193);
    expect(un.body.members.map((s: { iso3: string }) => s.iso3)).not.toContain('VAT');
  });

  it('searches states by name or code', async () => {
    const byName = await request(app.getHttpServer()).get('/api/states?search=fran').expect(200);
    expect(byName.body.map((s: { iso3: string }) => s.iso3)).toEqual(['FRA']);
    const byCode = await request(app.getHttpServer()).get('/api/states?search=de').expect(200);
    expect(byCode.body.map((s: { iso3: string }) => s.iso3)).toContain('DEU');
    const percent = await request(app.getHttpServer()).get('/api/states?search=%25').expect(200);
    expect(percent.body).toEqual([]);
  });

  it('answers an unknown group, state or framework with 404 in the error contract', async () => {
    const response = await request(app.getHttpServer()).get('/api/states?group=NOPE').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'Group "NOPE" not found' });
    expect(response.body.requestId).toEqual(expect.any(String));
    await request(app.getHttpServer()).get('/api/states/XYZ').expect(404);
    await request(app.getHttpServer()).get('/api/frameworks/NOPE').expect(404);
  });

  it('answers bad query parameters with 400 and the offending field', async () => {
    const response = await request(app.getHttpServer()).get('/api/states?unStatus=king&extra=1').expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'unStatus']);
  });

  it('returns the crosswalk between OSCE CBMs and GGE norms', async () => {
    const response = await request(app.getHttpServer()).get('/api/crosswalk?framework=OSCE').expect(200);
    expect(response.body).toHaveLength(9);
    expect(response.body).toContainEqual(
      expect.objectContaining({
        from: expect.objectContaining({ framework: 'OSCE', code: '16' }),
        to: expect.objectContaining({ framework: 'GGE', code: '13(j)' }),
        relation: 'equal',
      }),
    );
  });

  it('reports health with the database check', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body.info.database.status).toBe('up');
  });
});
