import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DemoService } from '../../src/demo/demo.service';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { binary } from '../helpers/binary';
import { pdfPages } from '../helpers/pdf-pages';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { getPage, postForm, text } from '../web/web-helpers';


// Rendering a PDF takes seconds, many more on a busy machine: a generous per-test limit, never a timing assertion.
jest.setTimeout(180_000);
describe('Foreword and key findings written by the report author', () => {
  let app: INestApplication;
  let admin: TestUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    await app.get(DemoService).seed({ year: 2097, publish: false, states: ['EST', 'LVA'] });
    await app.get(DemoService).seed({ year: 2093, publish: false, states: ['EST'] });
  }, 120_000);

  it('has a page under /admin where the author writes it, with errors beside the fields', async () => {
    const page = await getPage(app, '/admin/cycles/2093/report-text', admin).expect(200);
    expect(page.text).toContain('<textarea id="foreword" name="foreword"');
    const saved = await postForm(app, '/admin/cycles/2093/report-text', admin, { foreword: 'Written on the page.', keyFindings: 'One.\nTwo.', version: '0' }).expect(303);
    expect(saved.headers.location).toBe('/admin/cycles/2093/report-text?notice=saved');
    expect((await http().get('/api/cycles/2093/report-text').set(bearer(admin)).expect(200)).body).toMatchObject({ foreword: 'Written on the page.', keyFindings: 'One.\nTwo.', version: 1 });
    const tooLong = await postForm(app, '/admin/cycles/2093/report-text', admin, { foreword: 'x'.repeat(20001), keyFindings: '', version: '1' }).expect(400);
    expect(text(tooLong.text)).toContain('foreword must be shorter than or equal to 20000 characters');
    expect(tooLong.text).toContain('x'.repeat(100));
    const reviewer = await createUser(app, 'reviewer');
    await getPage(app, '/admin/cycles/2093/report-text', reviewer).expect(403);
  });
  afterAll(async () => {
    await app.close();
  });

  it('is written by an admin with optimistic locking, printed in the report, and frozen once the cycle is published', async () => {
    const reviewer = await createUser(app, 'reviewer');
    await http().put('/api/cycles/2097/report-text').set(bearer(reviewer)).send({ foreword: 'x', version: 0 }).expect(403);
    const first = await http()
      .put('/api/cycles/2097/report-text')
      .set(bearer(admin))
      .send({ foreword: 'This year the index covers two states.\n\nSecond paragraph.', keyFindings: 'Estonia leads.\nLatvia follows.', version: 0 })
      .expect(200);
    expect(first.body).toMatchObject({ cycleYear: 2097, keyFindings: 'Estonia leads.\nLatvia follows.', version: 1 });
    await http().put('/api/cycles/2097/report-text').set(bearer(admin)).send({ foreword: 'stale', version: 0 }).expect(409);

    const pdf = await http().get('/api/cycles/2097/report.pdf?framework=GGE').set(bearer(admin)).buffer(true).parse(binary).expect(200);
    const { pages } = await pdfPages(pdf.body as Buffer);
    const text = pages.join('\n');
    expect(text).toContain('This year the index covers two states.');
    expect(text).toContain('Latvia follows.');
    const html = await http().get('/api/cycles/2097/report.html?framework=GGE').set(bearer(admin)).expect(200);
    expect(html.text).toContain('<li>Estonia leads.</li>');

    const cycle = await http().get('/api/cycles/2097').set(bearer(admin)).expect(200);
    await http().post('/api/cycles/2097/status').set(bearer(admin)).send({ status: 'in_review', version: cycle.body.version }).expect(201);
    const again = await http().get('/api/cycles/2097').set(bearer(admin)).expect(200);
    await http().post('/api/cycles/2097/status').set(bearer(admin)).send({ status: 'published', version: again.body.version }).expect(201);
    const refused = await http().put('/api/cycles/2097/report-text').set(bearer(admin)).send({ foreword: 'late', version: 1 }).expect(409);
    expect(refused.body.code).toBe('CYCLE_FROZEN');
    // The database refuses it too, whatever the code path.
    await expect(app.get(DataSource).query(`UPDATE cycle_report_text SET foreword = 'late' WHERE cycle_year = 2097`)).rejects.toMatchObject({ code: 'CN409' });
    await expect(app.get(DataSource).query(`DELETE FROM cycle_report_text WHERE cycle_year = 2097`)).rejects.toMatchObject({ code: 'CN409' });
  }, 120_000);
});
