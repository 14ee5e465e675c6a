import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { changeCycleStatus, openCycle, pdfBytes, recordPosition, transition } from '../helpers/workflow';

describe('One cycle end to end through the HTTP API', () => {
  let app: INestApplication;
  let admin: TestUser;
  let reviewer: TestUser;
  let france: TestUser;
  let germany: TestUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
    france = await createUser(app, 'state_official', { states: ['FRA'] });
    germany = await createUser(app, 'state_official', { states: ['DEU'] });
  });
  afterAll(async () => {
    await app.close();
  });

  it('runs self-assessment, evidence, review, revision, acceptance and publication, then refuses every write', async () => {
    const cycle = await openCycle(app, admin, 2026);
    expect(cycle.body).toMatchObject({ year: 2026, status: 'open' });
    expect(cycle.body.frameworks.map((f: { code: string }) => f.code)).toEqual(['GGE', 'OAS', 'OSCE']);

    // The official sees every GGE norm for France, none started.
    const sheet = await http().get('/api/cycles/2026/states/FRA/assessments?framework=GGE').set(bearer(france)).expect(200);
    expect(sheet.body).toHaveLength(11);
    expect(sheet.body.every((row: { status: string }) => row.status === 'not_started')).toBe(true);
    // OAS does not apply to France.
    const oas = await http().get('/api/cycles/2026/states/FRA/assessments?framework=OAS').set(bearer(france)).expect(200);
    expect(oas.body).toEqual([]);

    // Self-assessment of 13(g).
    const created = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(g)', {
      statedLevel: 3,
      narrative: 'Critical infrastructure sectors designated by decree; incident plans in force.',
      sourceReference: 'National cybersecurity strategy 2025',
    });
    expect(created.body).toMatchObject({ statedLevel: 3, source: 'self_assessment', statedBy: 'state_official', status: 'draft', version: 1 });
    const id = created.body.id;

    // Germany's official cannot write France: 403 and nothing written.
    const foreign = await recordPosition(app, germany, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 4 }, 403);
    expect(foreign.body.code).toBe('NOT_YOUR_STATE');
    expect(await countAssessments()).toBe(1);

    const submitted = await transition(app, france, created.body, 'submit');
    expect(submitted.body.status).toBe('submitted');

    // The reviewer's queue.
    const queue = await http().get('/api/assessments?cycle=2026&status=submitted').set(bearer(reviewer)).expect(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).toEqual([id]);

    // Evidence: a link and an uploaded file.
    const link = await http()
      .post('/api/evidence')
      .set(bearer(reviewer))
      .send({ title: 'Stratégie nationale de cybersécurité', kind: 'strategy', url: 'https://example.org/strategy', language: 'fr', stateIso3: 'FRA', publishedOn: '2025-01-15' })
      .expect(201);
    const upload = await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', pdfBytes(), 'decree.pdf').expect(201);
    expect(upload.body).toMatchObject({ mediaType: 'application/pdf', deduplicated: false });
    expect(upload.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const file = await http()
      .post('/api/evidence')
      .set(bearer(reviewer))
      .send({ title: 'Decree on operators of vital importance', kind: 'legislation', fileId: upload.body.id, stateIso3: 'FRA' })
      .expect(201);
    const linkA = await http().post(`/api/assessments/${id}/evidence`).set(bearer(reviewer)).send({ evidenceId: link.body.id, stance: 'supports' }).expect(201);
    const linkB = await http().post(`/api/assessments/${id}/evidence`).set(bearer(reviewer)).send({ evidenceId: file.body.id, stance: 'supports' }).expect(201);
    await http()
      .patch(`/api/assessments/${id}/evidence/${linkA.body.id}`)
      .set(bearer(reviewer))
      .send({ version: linkA.body.version, judgement: 'accepted' })
      .expect(200);
    await http()
      .patch(`/api/assessments/${id}/evidence/${linkB.body.id}`)
      .set(bearer(reviewer))
      .send({ version: linkB.body.version, judgement: 'rejected' })
      .expect(400);
    const rejected = await http()
      .patch(`/api/assessments/${id}/evidence/${linkB.body.id}`)
      .set(bearer(reviewer))
      .send({ version: linkB.body.version, judgement: 'rejected', rejectionReason: 'Covers only the energy sector' })
      .expect(200);
    expect(rejected.body).toMatchObject({ judgement: 'rejected', rejectionReason: 'Covers only the energy sector' });

    // Only reviewers set reviewed levels.
    await http().post(`/api/assessments/${id}/review`).set(bearer(france)).send({ version: 2, reviewedLevel: 4, rationale: 'mine' }).expect(403);
    let current = (await http().get(`/api/assessments/${id}`).set(bearer(reviewer)).expect(200)).body;
    const reviewed = await http()
      .post(`/api/assessments/${id}/review`)
      .set(bearer(reviewer))
      .send({ version: current.version, reviewedLevel: 2, rationale: 'Plans exist; exercises not yet run.' })
      .expect(201);
    expect(reviewed.body).toMatchObject({ reviewedLevel: 2, status: 'in_review', evidence: { acceptedSupporting: 1, rejected: 1 } });

    const changes = await transition(app, reviewer, reviewed.body, 'request_changes', { comment: 'Please describe the exercise programme.' });
    expect(changes.body.status).toBe('changes_requested');

    // The official reads the comment, answers, revises and resubmits.
    const comments = await http().get(`/api/assessments/${id}/comments`).set(bearer(france)).expect(200);
    expect(comments.body.map((c: { body: string }) => c.body)).toEqual(['Please describe the exercise programme.']);
    await http().get(`/api/assessments/${id}/comments`).set(bearer(germany)).expect(403);
    await http().post(`/api/assessments/${id}/comments`).set(bearer(france)).send({ body: 'Exercises start in March.' }).expect(201);
    const revised = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(g)', { version: changes.body.version, statedLevel: 2 });
    expect(revised.body).toMatchObject({ statedLevel: 2, status: 'changes_requested', reviewedLevel: 2 });
    const resubmitted = await transition(app, france, revised.body, 'submit');

    const inReview = await transition(app, reviewer, resubmitted.body, 'start_review');
    const accepted = await transition(app, reviewer, inReview.body, 'accept');
    expect(accepted.body.status).toBe('accepted');

    // Publication.
    await changeCycleStatus(app, admin, 2026, 'in_review');
    const published = await changeCycleStatus(app, admin, 2026, 'published');
    expect(published.body.status).toBe('published');

    // Every later write to the cycle is refused, by the API and by the database.
    const frozen = await recordPosition(app, france, 2026, 'FRA', 'GGE:13(g)', { version: accepted.body.version, statedLevel: 4 }, 409);
    expect(frozen.body.code).toBe('CYCLE_FROZEN');
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 1 }, 409);
    await http().post(`/api/assessments/${id}/review`).set(bearer(reviewer)).send({ version: accepted.body.version, reviewedLevel: 3, rationale: 'x' }).expect(409);
    await transition(app, reviewer, accepted.body, 'reopen', {}, 409);
    await http().post(`/api/assessments/${id}/evidence`).set(bearer(reviewer)).send({ evidenceId: file.body.id, stance: 'contradicts' }).expect(409);
    await http().patch(`/api/assessments/${id}/evidence/${linkB.body.id}`).set(bearer(reviewer)).send({ version: 2, judgement: 'accepted' }).expect(409);
    await http().delete(`/api/assessments/${id}/evidence/${linkA.body.id}`).set(bearer(reviewer)).expect(409);
    await http().post(`/api/assessments/${id}/comments`).set(bearer(reviewer)).send({ body: 'late' }).expect(409);
    await http().post('/api/cycles/2026/status').set(bearer(admin)).send({ status: 'open', version: published.body.version }).expect(409);
    await expect(app.get(DataSource).query(`UPDATE assessment SET stated_level = 4 WHERE id = $1`, [id])).rejects.toThrow(/published/);
    await expect(app.get(DataSource).query(`DELETE FROM evidence_link WHERE assessment_id = $1`, [id])).rejects.toThrow(/published/);

    // The public now reads it; the audit trail shows each step in order.
    const publicView = await http().get(`/api/cycles/2026/states/FRA/assessments/${encodeURIComponent('GGE:13(g)')}`).expect(200);
    expect(publicView.body).toMatchObject({ statedLevel: 2, reviewedLevel: 2, status: 'accepted' });
    // The public history: workflow steps and level changes, and the public evidence; no comments or names.
    const publicHistory = await http().get(`/api/assessments/${id}/history`).expect(200);
    expect(publicHistory.body.map((entry: { action: string }) => entry.action)).toEqual([
      'assessment.created',
      'assessment.submit',
      'evidence_link.created',
      'evidence_link.judged',
      'assessment.reviewed',
      'assessment.request_changes',
      'assessment.position_updated',
      'assessment.submit',
      'assessment.start_review',
      'assessment.accept',
    ]);
    expect(JSON.stringify(publicHistory.body)).not.toMatch(/exercise programme|Test reviewer|Test state_official|rationale/i);
    const history = await http().get(`/api/assessments/${id}/history`).set(bearer(france)).expect(200);
    expect(history.body.map((entry: { action: string }) => entry.action)).toEqual([
      'assessment.created',
      'assessment.submit',
      'evidence_link.created',
      'evidence_link.created',
      'evidence_link.judged',
      'evidence_link.judged',
      'assessment.reviewed',
      'comment.added',
      'assessment.request_changes',
      'comment.added',
      'assessment.position_updated',
      'assessment.submit',
      'assessment.start_review',
      'assessment.accept',
    ]);
    const audit = await http().get('/api/audit?entityType=cycle&entityId=2026').set(bearer(admin)).expect(200);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['cycle.published', 'cycle.status_changed', 'cycle.created']);
  });

  async function countAssessments(): Promise<number> {
    const [{ n }] = await app.get(DataSource).query('SELECT count(*)::int AS n FROM assessment');
    return n;
  }
});
