import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { changeCycleStatus, openCycle, recordPosition, transition } from '../helpers/workflow';

describe('Assessment rules', () => {
  let app: INestApplication;
  let admin: TestUser;
  let reviewer: TestUser;
  let france: TestUser;
  let viewer: TestUser;
  const http = () => request(app.getHttpServer());
  const key = (commitment: string) => encodeURIComponent(commitment);

  beforeAll(async () => {
    app = await createTestApp();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
    france = await createUser(app, 'state_official', { states: ['FRA'] });
    viewer = await createUser(app, 'viewer');
    await openCycle(app, admin, 2026);
  });
  afterAll(async () => {
    await app.close();
  });

  async function tableCounts(): Promise<Record<string, number>> {
    const [row] = await app.get(DataSource).query(
      `SELECT (SELECT count(*) FROM assessment)::int AS assessments, (SELECT count(*) FROM evidence)::int AS evidence,
              (SELECT count(*) FROM evidence_link)::int AS links, (SELECT count(*) FROM evidence_file)::int AS files`,
    );
    return row;
  }

  describe('bad input', () => {
    it('answers unknown cycle, state or commitment with 404 and writes nothing', async () => {
      await recordPosition(app, france, 2031, 'FRA', 'GGE:13(a)', { statedLevel: 1 }, 404);
      const state = await recordPosition(app, reviewer, 2026, 'ZZZ', 'GGE:13(a)', { statedLevel: 1, source: 'other' }, 404);
      expect(state.body.message).toBe('State "ZZZ" not found');
      await recordPosition(app, france, 2026, 'FRA', 'GGE:13(z)', { statedLevel: 1 }, 404);
      // The OAS CBMs do not apply to France.
      await recordPosition(app, france, 2026, 'FRA', 'OAS:1', { statedLevel: 1 }, 404);
      const malformed = await recordPosition(app, france, 2026, 'FRA', '13(a)', { statedLevel: 1 }, 400);
      expect(malformed.body.errors[0].field).toBe('commitment');
      expect(await tableCounts()).toMatchObject({ assessments: 0 });
    });

    it('refuses a level outside 0-4 and not-applicable without justification, with field errors', async () => {
      const level = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 5 }, 400);
      expect(level.body.errors).toEqual([{ field: 'statedLevel', messages: ['statedLevel must be an integer from 0 to 4, or null'] }]);
      await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 2.5 }, 400);
      await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: '3' }, 400);
      const na = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { notApplicable: true }, 400);
      expect(na.body.errors).toEqual([{ field: 'notApplicableJustification', messages: ['explain why the commitment does not apply'] }]);
      await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { notApplicable: true, statedLevel: 2, notApplicableJustification: 'x' }, 400);
      expect(await tableCounts()).toMatchObject({ assessments: 0 });
      const ok = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { notApplicable: true, notApplicableJustification: 'No CERT yet' });
      expect(ok.body).toMatchObject({ notApplicable: true, statedLevel: null });
    });

    it('refuses a URL that is not http(s) and evidence with neither URL nor file', async () => {
      const ftp = await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'x', kind: 'media', url: 'ftp://example.org/a' }).expect(400);
      expect(ftp.body.errors).toEqual([{ field: 'url', messages: ['url must be an http(s) URL'] }]);
      await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'x', kind: 'media', url: 'javascript:alert(1)' }).expect(400);
      await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'x', kind: 'media' }).expect(400);
      await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'x', kind: 'rumour', url: 'https://example.org' }).expect(400);
      expect(await tableCounts()).toMatchObject({ evidence: 0 });
    });

    it('lets only reviewers set reviewed levels and judge evidence', async () => {
      const created = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 2 });
      for (const user of [france, admin, viewer]) {
        await http().post(`/api/assessments/${created.body.id}/review`).set(bearer(user)).send({ version: 1, reviewedLevel: 2, rationale: 'x' }).expect(403);
      }
      const tooHigh = await http().post(`/api/assessments/${created.body.id}/review`).set(bearer(reviewer)).send({ version: 1, reviewedLevel: 7, rationale: 'x' }).expect(400);
      expect(tooHigh.body.errors[0].field).toBe('reviewedLevel');
      await http().post(`/api/assessments/${created.body.id}/review`).set(bearer(reviewer)).send({ version: 1, reviewedLevel: 2, rationale: '' }).expect(400);
      const after = await http().get(`/api/assessments/${created.body.id}`).set(bearer(reviewer)).expect(200);
      expect(after.body).toMatchObject({ reviewedLevel: null, version: 1 });
    });
  });

  describe('stated positions', () => {
    it("lets a reviewer record a public position, which the state's own submission then replaces (history kept)", async () => {
      const recorded = await recordPosition(app, reviewer, 2026, 'FRA', 'GGE:13(j)', {
        statedLevel: 3,
        source: 'public_statement',
        sourceReference: 'Statement at the OEWG, 2025-03-04',
      });
      expect(recorded.body).toMatchObject({ statedBy: 'reviewer', source: 'public_statement' });
      await recordPosition(app, reviewer, 2026, 'FRA', 'GGE:13(j)', { version: 1, statedLevel: 2, source: 'self_assessment' }, 400);

      const own = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(j)', { version: recorded.body.version, statedLevel: 4 });
      expect(own.body).toMatchObject({ statedBy: 'state_official', source: 'self_assessment', statedLevel: 4, sourceReference: null, status: 'draft' });
      const blocked = await recordPosition(app, reviewer, 2026, 'FRA', 'GGE:13(j)', { version: own.body.version, statedLevel: 1, source: 'other' }, 409);
      expect(blocked.body.code).toBe('STATE_HAS_SELF_ASSESSED');

      const history = await http().get(`/api/assessments/${own.body.id}/history`).set(bearer(reviewer)).expect(200);
      expect(history.body.map((h: { action: string }) => h.action)).toEqual(['assessment.created', 'assessment.position_updated']);
      expect(history.body[1].before).toMatchObject({ statedLevel: 3, statedBy: 'reviewer', source: 'public_statement' });
      expect(history.body[1].after).toMatchObject({ statedLevel: 4, statedBy: 'state_official' });
    });

    it('keeps a submitted self-assessment locked until the reviewer asks for changes', async () => {
      const created = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 2 });
      const submitted = await transition(app, france, created.body, 'submit');
      const locked = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { version: submitted.body.version, statedLevel: 4 }, 409);
      expect(locked.body.code).toBe('ASSESSMENT_LOCKED');
      await transition(app, france, submitted.body, 'accept', {}, 403);
      await transition(app, reviewer, submitted.body, 'accept', {}, 409);
      await transition(app, reviewer, submitted.body, 'request_changes', {}, 400);
    });

    it('closes self-assessment when the cycle goes into review, except where changes were requested', async () => {
      const a = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 2 });
      const b = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(b)', { statedLevel: 2 });
      const submittedB = await transition(app, france, b.body, 'submit');
      const changes = await transition(app, reviewer, submittedB.body, 'request_changes', { comment: 'Sources?' });
      await changeCycleStatus(app, admin, 2026, 'in_review');
      const closed = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { version: a.body.version, statedLevel: 3 }, 409);
      expect(closed.body.code).toBe('CYCLE_IN_REVIEW');
      const answered = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(b)', { version: changes.body.version, statedLevel: 3 });
      await transition(app, france, answered.body, 'submit');
    });
  });

  it('never silently overwrites: of two concurrent edits from the same version, one wins and one gets 409', async () => {
    const created = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(e)', { statedLevel: 1 });
    const [first, second] = await Promise.all([
      http().put(`/api/cycles/2026/states/FRA/assessments/${key('GGE:13(e)')}`).set(bearer(france)).send({ version: 1, statedLevel: 2, narrative: 'first' }),
      http().put(`/api/cycles/2026/states/FRA/assessments/${key('GGE:13(e)')}`).set(bearer(france)).send({ version: 1, statedLevel: 3, narrative: 'second' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    const winner = first.status === 200 ? first : second;
    expect(loser.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    const stored = await http().get(`/api/assessments/${created.body.id}`).set(bearer(france)).expect(200);
    expect(stored.body).toMatchObject({ version: 2, narrative: winner.body.narrative, statedLevel: winner.body.statedLevel });
    const trail = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1`, [created.body.id]);
    expect(trail[0].n).toBe(2);
  });

  it('answers two concurrent first writes of the same assessment with one 200 and one 409', async () => {
    const results = await Promise.all(
      [1, 2].map((level) =>
        http().put(`/api/cycles/2026/states/FRA/assessments/${key('GGE:13(f)')}`).set(bearer(france)).send({ statedLevel: level }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await tableCounts()).toMatchObject({ assessments: 1 });
  });

  it('requires the current version to change an existing assessment', async () => {
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 1 });
    const missing = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 2 }, 409);
    expect(missing.body).toMatchObject({ code: 'ALREADY_EXISTS', details: { currentVersion: 1 } });
  });

  it('copies a cycle forward: stated positions as carried-over drafts with their evidence, reviews left for the new cycle', async () => {
    const a = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(g)', { statedLevel: 3, narrative: 'CI law' });
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(c)', { notApplicable: true, notApplicableJustification: 'Landlocked hosting' });
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(d)', { narrative: 'no level yet' });
    const evidence = await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'CI law', kind: 'legislation', url: 'https://example.org/law' }).expect(201);
    const link = await http().post(`/api/assessments/${a.body.id}/evidence`).set(bearer(reviewer)).send({ evidenceId: evidence.body.id, stance: 'supports' }).expect(201);
    await http().patch(`/api/assessments/${a.body.id}/evidence/${link.body.id}`).set(bearer(reviewer)).send({ version: 1, judgement: 'accepted' }).expect(200);
    const current = await http().get(`/api/assessments/${a.body.id}`).set(bearer(reviewer)).expect(200);
    await http().post(`/api/assessments/${a.body.id}/review`).set(bearer(reviewer)).send({ version: current.body.version, reviewedLevel: 3, rationale: 'ok' }).expect(201);

    const next = await openCycle(app, admin, 2027, { copyFromYear: 2026 });
    expect(next.body).toMatchObject({ copiedFromYear: 2026, carriedAssessments: 2, carriedEvidenceLinks: 1 });
    const sheet = await http().get('/api/cycles/2027/states/FRA/assessments?framework=GGE').set(bearer(france)).expect(200);
    const byCode = Object.fromEntries(sheet.body.map((row: { commitment: string }) => [row.commitment, row]));
    expect(byCode['13(g)'].assessment).toMatchObject({
      statedLevel: 3,
      narrative: 'CI law',
      status: 'draft',
      carriedOver: true,
      carriedFromId: a.body.id,
      reviewedLevel: null,
      evidence: { total: 1, acceptedSupporting: 1 },
    });
    expect(byCode['13(c)'].assessment).toMatchObject({ notApplicable: true, carriedOver: true });
    expect(byCode['13(d)'].status).toBe('not_started');
    // The first real edit clears the carried-over mark.
    const edited = await recordPosition(app, france, 2027, 'FRA', 'GGE:13(g)', { version: 1, statedLevel: 4 });
    expect(edited.body.carriedOver).toBe(false);
    await http().post('/api/cycles').set(bearer(admin)).send({ year: 2028, copyFromYear: 2030 }).expect(400);
    await http().post('/api/cycles').set(bearer(admin)).send({ year: 2027 }).expect(409);
  });

  describe('evidence files', () => {
    it("deduplicates one uploader's uploads, never reveals another's, and serves the file back with its SHA-256 and safe headers", async () => {
      const content = Buffer.from('Rapport annuel — texte intégral.\n'.repeat(50), 'utf8');
      const first = await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', content, 'rapport.txt').expect(201);
      const again = await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', content, 'again.txt').expect(201);
      expect(again.body).toMatchObject({ id: first.body.id, originalName: 'rapport.txt', deduplicated: true });
      // Someone else with the same bytes learns nothing of the first upload: not its id, not its name.
      const second = await http().post('/api/evidence/files').set(bearer(france)).attach('file', content, 'copy.txt').expect(201);
      expect(second.body).toMatchObject({ sha256: first.body.sha256, originalName: 'copy.txt', deduplicated: false, mediaType: 'text/plain' });
      expect(second.body.id).not.toBe(first.body.id);
      expect(await tableCounts()).toMatchObject({ files: 2 });
      const objects = await import('node:fs/promises').then((fs) => fs.readdir(`${process.env.UPLOAD_DIR}/objects/${first.body.sha256.slice(0, 2)}`));
      expect(objects.filter((name) => name === first.body.sha256)).toHaveLength(1);

      const item = await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'Rapport', kind: 'report_to_un_or_osce', fileId: first.body.id }).expect(201);
      const download = await http().get(`/api/evidence/${item.body.id}/file`).set(bearer(reviewer)).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(Buffer.compare(download.body as Buffer, content)).toBe(0);
      expect(download.headers).toMatchObject({
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'x-content-sha256': first.body.sha256,
        'content-security-policy': "default-src 'none'; sandbox",
      });
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="rapport.txt"/);
    });

    it('refuses a file of a refused type, an empty file, and a file over the limit, storing nothing', async () => {
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 1)]);
      const refused = await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', elf, 'report.pdf').expect(415);
      expect(refused.body.code).toBe('UNSUPPORTED_FILE_TYPE');
      const html = Buffer.from('<html><script>alert(1)</script></html>\u0000');
      await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', html, 'page.txt').expect(415);
      await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', Buffer.alloc(0), 'empty.txt').expect(400);
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300 * 1024, 0x20)]);
      const tooBig = await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', big, 'big.pdf').expect(413);
      expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');
      await http().post('/api/evidence/files').set(bearer(reviewer)).expect(400);
      expect(await tableCounts()).toMatchObject({ files: 0 });
      const leftovers = await import('node:fs/promises').then((fs) => fs.readdir(`${process.env.UPLOAD_DIR}/tmp`));
      expect(leftovers).toEqual([]);
    });
  });

  it('hides private evidence from the public and from officials, and shows public evidence once published and accepted', async () => {
    const a = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 2 });
    const open = await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'Public', kind: 'media', url: 'https://example.org/p' }).expect(201);
    const secret = await http()
      .post('/api/evidence')
      .set(bearer(reviewer))
      .send({ title: 'Confidential source', kind: 'third_party_report', url: 'https://example.org/s', visibility: 'private' })
      .expect(201);
    for (const item of [open.body, secret.body]) {
      const link = await http().post(`/api/assessments/${a.body.id}/evidence`).set(bearer(reviewer)).send({ evidenceId: item.id, stance: 'supports' }).expect(201);
      await http().patch(`/api/assessments/${a.body.id}/evidence/${link.body.id}`).set(bearer(reviewer)).send({ version: link.body.version, judgement: 'accepted' }).expect(200);
    }
    // Public evidence is public only once published.
    await http().get(`/api/evidence/${open.body.id}`).expect(404);
    await changeCycleStatus(app, admin, 2026, 'in_review');
    await changeCycleStatus(app, admin, 2026, 'published');
    const anonymous = await http().get(`/api/assessments/${a.body.id}/evidence`).expect(200);
    expect(anonymous.body.map((l: { evidence: { title: string } }) => l.evidence.title)).toEqual(['Public']);
    const official = await http().get(`/api/assessments/${a.body.id}/evidence`).set(bearer(france)).expect(200);
    expect(official.body).toHaveLength(1);
    const staff = await http().get(`/api/assessments/${a.body.id}/evidence`).set(bearer(reviewer)).expect(200);
    expect(staff.body).toHaveLength(2);
    await http().get(`/api/evidence/${secret.body.id}`).expect(404);
    const list = await http().get('/api/evidence').set(bearer(viewer)).expect(200);
    expect(list.body.items.map((e: { title: string }) => e.title)).toEqual(['Public']);
  });

  it("scopes lists and the audit view to an official's own states", async () => {
    const germany = await createUser(app, 'state_official', { states: ['DEU'] });
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 2 });
    await recordPosition(app, germany, 2026, 'DEU', 'GGE:13(a)', { statedLevel: 3 });
    const forFrance = await http().get('/api/assessments?cycle=2026').set(bearer(france)).expect(200);
    expect(forFrance.body.items.map((a: { stateIso3: string }) => a.stateIso3)).toEqual(['FRA']);
    expect(forFrance.body.total).toBe(1);
    const forReviewer = await http().get('/api/assessments?cycle=2026&sort=state').set(bearer(reviewer)).expect(200);
    expect(forReviewer.body.items.map((a: { stateIso3: string }) => a.stateIso3)).toEqual(['DEU', 'FRA']);
    const filtered = await http().get('/api/assessments?cycle=2026&group=EU&level=3').set(bearer(reviewer)).expect(200);
    expect(filtered.body.items.map((a: { stateIso3: string }) => a.stateIso3)).toEqual(['DEU']);
    const audit = await http().get('/api/audit').set(bearer(france)).expect(200);
    expect(new Set(audit.body.map((e: { stateIso3: string }) => e.stateIso3))).toEqual(new Set(['FRA']));
    await http().get('/api/assessments?cycle=2026').set(bearer(viewer)).expect(404);
    await http().get('/api/assessments?cycle=2026&pageSize=1000').set(bearer(reviewer)).expect(400);
  });
});
