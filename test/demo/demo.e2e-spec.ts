import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEMO_LABEL, DemoService } from '../../src/demo/demo.service';
import { createTestApp, resetDatabase } from '../helpers/test-app';

describe('Synthetic demo cycle', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('fills and publishes a cycle that is flagged and labelled synthetic everywhere', async () => {
    const summary = await app.get(DemoService).seed({ year: 2099, publish: true });
    expect(summary.assessments).toBeGreaterThan(2000);
    expect(summary.links).toBeGreaterThan(1000);
    const cycle = await request(app.getHttpServer()).get('/api/cycles/2099').expect(200);
    expect(cycle.body).toMatchObject({ status: 'published', synthetic: true });
    expect(cycle.body.title).toMatch(/synthetic data, not real findings/);

    const dataSource = app.get(DataSource);
    const [unlabelled] = await dataSource.query(
      `SELECT (SELECT count(*) FROM assessment WHERE cycle_year = 2099 AND narrative IS NOT NULL AND narrative NOT LIKE $1)::int AS narratives,
              (SELECT count(*) FROM evidence WHERE title NOT LIKE $1 OR url NOT LIKE 'https://example.org/synthetic/%')::int AS evidence`,
      [`${DEMO_LABEL}%`],
    );
    expect(unlabelled).toEqual({ narratives: 0, evidence: 0 });
    const [{ actor }] = await dataSource.query(
      `SELECT DISTINCT u.email AS actor FROM audit_entry e JOIN app_user u ON u.id = e.actor_user_id WHERE e.action = 'assessment.imported'`,
    );
    expect(actor).toBe('synthetic-demo-data@cyber-norms.invalid');

    await expect(app.get(DemoService).seed({ year: 2099, publish: false })).rejects.toThrow(/already exists/);
  });
});
