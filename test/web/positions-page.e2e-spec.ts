import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { openCycle, recordPosition } from '../helpers/workflow';
import { getPage, postForm, text } from './web-helpers';

describe('Web: reviewers record states’ positions from public statements', () => {
  let app: INestApplication;
  let admin: TestUser;
  let reviewer: TestUser;
  let france: TestUser;
  const assessment = (iso3: string, key: string) =>
    request(app.getHttpServer()).get(`/api/cycles/2026/states/${iso3}/assessments/${encodeURIComponent(key)}`).set(bearer(reviewer));

  beforeAll(async () => {
    app = await createTestApp();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
    france = await createUser(app, 'state_official', { states: ['FRA'] });
    await openCycle(app, admin, 2026);
  });
  afterAll(async () => {
    await app.close();
  });

  it('leads from the queue to a state and framework', async () => {
    const queue = await getPage(app, '/review', reviewer).expect(200);
    expect(queue.text).toContain('href="/review/positions"');
    const choose = await getPage(app, '/review/positions?cycle=2026&state=deu&framework=osce', reviewer).expect(303);
    expect(choose.headers.location).toBe('/review/positions/2026/DEU/OSCE');
    await getPage(app, '/review/positions?cycle=2026&state=12&framework=GGE', reviewer).expect(400);
  });

  it('records a position with its source, then updates it', async () => {
    await postForm(app, '/review/positions/2026/DEU/GGE/13(a)', reviewer, {
      version: '',
      statedLevel: '2',
      source: 'un_submission',
      sourceReference: 'A/76/136',
      narrative: 'Germany reports a national cyber security council.',
    }).expect(303);
    const saved = await assessment('DEU', 'GGE:13(a)').expect(200);
    expect(saved.body).toMatchObject({ statedLevel: 2, source: 'un_submission', sourceReference: 'A/76/136', statedBy: 'reviewer', version: 1 });

    const page = await getPage(app, '/review/positions/2026/DEU/GGE', reviewer).expect(200);
    expect(page.text).toContain('value="A/76/136"');
    await postForm(app, '/review/positions/2026/DEU/GGE/13(a)', reviewer, { version: '1', statedLevel: '3', source: 'public_statement' }).expect(303);
    expect((await assessment('DEU', 'GGE:13(a)').expect(200)).body).toMatchObject({ statedLevel: 3, source: 'public_statement', version: 2 });
  });

  it('shows problems beside the commitment and keeps what was typed', async () => {
    const page = await postForm(app, '/review/positions/2026/DEU/GGE/13(b)', reviewer, {
      version: '',
      notApplicable: 'on',
      notApplicableJustification: '',
      source: 'public_statement',
      narrative: 'kept text',
    }).expect(400);
    expect(text(page.text)).toContain('The position was not saved');
    expect(page.text).toContain('kept text');
    const stale = await postForm(app, '/review/positions/2026/DEU/GGE/13(c)', reviewer, { version: '', statedLevel: '1', source: 'self_assessment' }).expect(400);
    expect(text(stale.text)).toContain('a reviewer records public statements');
    await assessment('DEU', 'GGE:13(b)').expect(404);
  });

  it('never replaces a state’s self-assessment, and says so', async () => {
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 4 });
    const page = await getPage(app, '/review/positions/2026/FRA/GGE', reviewer).expect(200);
    expect(text(page.text)).toContain('France has self-assessed this commitment');
    const refused = await postForm(app, '/review/positions/2026/FRA/GGE/13(a)', reviewer, { version: '1', statedLevel: '1', source: 'public_statement' }).expect(409);
    expect(text(refused.text)).toContain('a reviewer cannot replace its stated position');
    expect((await assessment('FRA', 'GGE:13(a)').expect(200)).body).toMatchObject({ statedLevel: 4, statedBy: 'state_official' });
  });
});
