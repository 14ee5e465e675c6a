import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Actor, bearer, createActors, TestUser } from '../helpers/auth';
import { binary } from '../helpers/binary';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { changeCycleStatus, openCycle, recordPosition, transition } from '../helpers/workflow';

/** The eight leaks of the security review, each reproduced as it was found (see README "Who sees what"). */
describe('Confidentiality findings', () => {
  let app: INestApplication;
  let a: Record<Actor, TestUser>;
  const http = () => request(app.getHttpServer());
  const ids = { published: '', open: '', secretEvidence: '', secretFile: '', draftEvidence: '' };
  const SECRET = Buffer.from('CONFIDENTIAL reviewer source on FRA (do not share)\n');
  const DRAFT = Buffer.from('FRA DRAFT national strategy - not for release\n');

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    a = (await createActors(app)) as Record<Actor, TestUser>;

    // 2025 published: a request for changes, a comment, and a narrative that is a spreadsheet formula.
    await openCycle(app, a.admin, 2025);
    let done = (await recordPosition(app, a.officialA, 2025, 'FRA', 'GGE:13(a)', { statedLevel: 2, narrative: '=HYPERLINK("http://127.0.0.1:9/x","Click")' })).body;
    ids.published = done.id;
    done = (await transition(app, a.officialA, done, 'submit')).body;
    done = (await transition(app, a.reviewer, done, 'start_review')).body;
    done = (await http().post(`/api/assessments/${done.id}/review`).set(bearer(a.reviewer)).send({ version: done.version, reviewedLevel: 2, rationale: '+1+cmd' }).expect(201)).body;
    done = (await transition(app, a.reviewer, done, 'request_changes', { comment: 'Private request: name your sources' })).body;
    await http().post(`/api/assessments/${done.id}/comments`).set(bearer(a.officialA)).send({ body: 'Private answer from the ministry' }).expect(201);
    done = (await http().get(`/api/assessments/${done.id}`).set(bearer(a.admin))).body;
    done = (await transition(app, a.officialA, done, 'submit')).body;
    done = (await transition(app, a.reviewer, done, 'start_review')).body;
    await transition(app, a.reviewer, done, 'accept');
    await changeCycleStatus(app, a.admin, 2025, 'in_review');
    await changeCycleStatus(app, a.admin, 2025, 'published');

    // 2026 open: a reviewer's confidential file about France, and France's draft annex.
    await openCycle(app, a.admin, 2026);
    const open = (await recordPosition(app, a.officialA, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 3 })).body;
    ids.open = open.id;
    ids.secretFile = (await http().post('/api/evidence/files').set(bearer(a.reviewer)).attach('file', SECRET, 'confidential-source-fra.txt').expect(201)).body.id;
    ids.secretEvidence = (
      await http()
        .post('/api/evidence')
        .set(bearer(a.reviewer))
        .send({ title: 'Confidential source on FRA', kind: 'third_party_report', visibility: 'private', fileId: ids.secretFile, url: 'https://example.org/whistleblower', stateIso3: 'FRA' })
        .expect(201)
    ).body.id;
    await http().post(`/api/assessments/${open.id}/evidence`).set(bearer(a.reviewer)).send({ evidenceId: ids.secretEvidence, stance: 'contradicts' }).expect(201);
    const draftFile = (await http().post('/api/evidence/files').set(bearer(a.officialA)).attach('file', DRAFT, 'fra-draft-strategy.txt').expect(201)).body.id;
    ids.draftEvidence = (await http().post('/api/evidence').set(bearer(a.officialA)).send({ title: 'FRA draft annex', kind: 'strategy', fileId: draftFile, stateIso3: 'FRA' }).expect(201)).body.id;
    await http().post(`/api/assessments/${open.id}/evidence`).set(bearer(a.officialA)).send({ evidenceId: ids.draftEvidence, stance: 'supports' }).expect(201);
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  it("1. the audit trail does not show a state's officials the reviewer's private evidence about their state", async () => {
    const trail = await http().get('/api/audit?state=FRA&limit=500').set(bearer(a.officialA)).expect(200);
    const text = JSON.stringify(trail.body);
    expect(text).not.toMatch(/Confidential source|whistleblower/);
    expect(text).not.toContain(ids.secretEvidence);
    expect(text).not.toContain(ids.secretFile);
    expect(trail.body.find((e: { action: string; redacted?: boolean }) => e.action === 'evidence.created' && e.redacted === true)).toBeDefined();
  });

  it("2. a file id is no key: nobody wraps someone else's file in an evidence item of their own", async () => {
    for (const user of [a.officialA, a.officialB]) {
      const wrap = await http().post('/api/evidence').set(bearer(user)).send({ title: 'rewrap', kind: 'other', fileId: ids.secretFile, stateIso3: user === a.officialA ? 'FRA' : 'DEU' });
      expect(wrap.status).toBe(400);
      expect(wrap.body.errors[0].field).toBe('fileId');
    }
    await http().get(`/api/evidence/${ids.secretEvidence}/file`).expect(404);
    await http().get(`/api/evidence/${ids.secretEvidence}/file`).set(bearer(a.officialA)).expect(404);
  });

  it("3. an official's evidence in an open cycle reaches neither the public nor another state's official", async () => {
    for (const user of [undefined, a.viewer, a.officialB]) {
      const list = await http().get('/api/evidence?search=draft').set(bearer(user)).expect(200);
      expect(list.body.total).toBe(0);
      await http().get(`/api/evidence/${ids.draftEvidence}`).set(bearer(user)).expect(404);
      await http().get(`/api/evidence/${ids.draftEvidence}/file`).set(bearer(user)).expect(404);
    }
    const own = await http().get(`/api/evidence/${ids.draftEvidence}`).set(bearer(a.officialA)).expect(200);
    expect(own.body).toMatchObject({ visibility: 'shared', published: false });
    await http().get(`/api/evidence/${ids.draftEvidence}/file`).set(bearer(a.reviewer)).expect(200);
  });

  it('4. the public history of a published assessment has no comments, request texts or names', async () => {
    const history = await http().get(`/api/assessments/${ids.published}/history`).expect(200);
    const text = JSON.stringify(history.body);
    expect(text).not.toMatch(/Private request|Private answer|Test reviewer|Test state_official/);
    expect(history.body.map((e: { action: string }) => e.action)).toContain('assessment.request_changes');
    const own = await http().get(`/api/assessments/${ids.published}/history`).set(bearer(a.officialA)).expect(200);
    expect(JSON.stringify(own.body)).toMatch(/Private request/);
  });

  it("5. uploading the same bytes never reveals another uploader's file id or name", async () => {
    const copy = await http().post('/api/evidence/files').set(bearer(a.officialB)).attach('file', SECRET, 'guess.txt').expect(201);
    expect(copy.body.id).not.toBe(ids.secretFile);
    expect(copy.body).toMatchObject({ originalName: 'guess.txt', deduplicated: false });
  });

  it('6. an unpublished cycle answers outsiders exactly as a cycle that does not exist', async () => {
    for (const user of [undefined, a.viewer]) {
      for (const suffix of ['states/DEU/assessments', `states/DEU/assessments/${encodeURIComponent('GGE:99(z)')}`, 'states/ZZZ/assessments']) {
        const unpublished = await http().get(`/api/cycles/2026/${suffix}`).set(bearer(user));
        const missing = await http().get(`/api/cycles/2027/${suffix}`).set(bearer(user));
        expect([unpublished.status, unpublished.body.code, unpublished.body.message.replace('2026', 'Y')]).toEqual([
          missing.status,
          missing.body.code,
          missing.body.message.replace('2027', 'Y'),
        ]);
      }
      const unknown = '00000000-0000-4000-8000-000000000000';
      const byId = await http().get(`/api/assessments/${ids.open}`).set(bearer(user)).expect(404);
      const none = await http().get(`/api/assessments/${unknown}`).set(bearer(user)).expect(404);
      expect([byId.body.code, byId.body.message.replace(ids.open, 'ID')]).toEqual([none.body.code, none.body.message.replace(unknown, 'ID')]);
    }
  });

  it('7. officials see neither counts nor ids of evidence hidden from them', async () => {
    const own = await http().get(`/api/assessments/${ids.open}`).set(bearer(a.officialA)).expect(200);
    expect(own.body.evidence).toMatchObject({ total: 1, pending: 1 });
    const staff = await http().get(`/api/assessments/${ids.open}`).set(bearer(a.reviewer)).expect(200);
    expect(staff.body.evidence).toMatchObject({ total: 2, pending: 2 });
    const history = await http().get(`/api/assessments/${ids.open}/history`).set(bearer(a.officialA)).expect(200);
    expect(JSON.stringify(history.body)).not.toContain(ids.secretEvidence);
    const links = await http().get(`/api/assessments/${ids.open}/evidence`).set(bearer(a.officialA)).expect(200);
    expect(links.body.map((l: { evidence: { id: string } }) => l.evidence.id)).toEqual([ids.draftEvidence]);
  });

  it('8. open data neutralises spreadsheet formulas in CSV and XLSX, and keeps JSON raw', async () => {
    const csv = await http().get('/api/cycles/2025/export.csv?dataset=assessments&state=FRA').expect(200);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://127.0.0.1:9/x"",""Click"")"`);
    expect(csv.text).toMatch(/,'\+1\+cmd(,|\r\n)/);
    expect(csv.text).not.toMatch(/,=HYPERLINK|,"=HYPERLINK|,\+1\+cmd/);
    const json = await http().get('/api/cycles/2025/export.json').expect(200);
    expect(JSON.stringify(json.body)).toContain('"=HYPERLINK(');
    const xlsx = await http().get('/api/cycles/2025/report.xlsx?state=FRA').buffer(true).parse(binary).expect(200);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(xlsx.body as Buffer);
    const strings = (await zip.file('xl/sharedStrings.xml')!.async('string')).replace(/&apos;/g, "'").replace(/&quot;/g, '"');
    expect(strings).toContain("'=HYPERLINK(");
    expect(strings).not.toMatch(/<t[^>]*>=HYPERLINK/);
  });
});
