import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from './helpers/auth';
import { createTestApp, resetDatabase } from './helpers/test-app';

describe('Entities added by admins and user-defined groups', () => {
  let app: INestApplication;
  let admin: TestUser;
  let reviewer: TestUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
  });
  afterAll(async () => {
    await app.close();
  });

  it('adds Kosovo without a code change, audited, and refuses a duplicate', async () => {
    const created = await http()
      .post('/api/states')
      .set(bearer(admin))
      .send({ iso3: 'xkx', name: 'Kosovo', groups: [] })
      .expect(201);
    expect(created.body).toMatchObject({ iso3: 'XKX', unStatus: 'non-member', origin: 'admin', unRegionalGroup: null });
    await http().get('/api/states?search=kosovo').expect(200).expect((r) => expect(r.body[0].iso3).toBe('XKX'));
    await http().post('/api/states').set(bearer(admin)).send({ iso3: 'XKX', name: 'Again' }).expect(409);
    await http().post('/api/states').set(bearer(admin)).send({ iso3: 'FRA', name: 'France bis' }).expect(409);
    const audit = await app.get(DataSource).query(`SELECT action, state_iso3 FROM audit_entry WHERE action = 'state.created'`);
    expect(audit).toEqual([{ action: 'state.created', state_iso3: 'XKX' }]);
  });

  it('refuses to put an added entity into a UN group', async () => {
    const response = await http()
      .post('/api/states')
      .set(bearer(admin))
      .send({ iso3: 'XKX', name: 'Kosovo', groups: ['WEOG'] })
      .expect(400);
    expect(response.body.errors[0].field).toBe('groups');
    await http().get('/api/states/XKX').expect(404);
  });

  it('lets a reviewer define, edit and delete a custom group, but not a catalogue group', async () => {
    const created = await http()
      .post('/api/groups')
      .set(bearer(reviewer))
      .send({ code: 'ngo-2026', name: 'Reviewed by our NGO in 2026', members: ['fra', 'deu'] })
      .expect(201);
    expect(created.body).toMatchObject({ code: 'NGO-2026', kind: 'custom', memberCount: 2 });
    await http().get('/api/states?group=NGO-2026').expect(200).expect((r) => expect(r.body).toHaveLength(2));
    const bad = await http().put('/api/groups/NGO-2026/members').set(bearer(reviewer)).send({ members: ['FRA', 'ZZZ'] }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'members', messages: ['unknown state(s): ZZZ'] }]);
    await http().get('/api/groups/NGO-2026').expect(200).expect((r) => expect(r.body.memberCount).toBe(2));
    await http().put('/api/groups/NGO-2026/members').set(bearer(reviewer)).send({ members: ['ITA'] }).expect(200);
    await http().put('/api/groups/OSCE/members').set(bearer(admin)).send({ members: ['ITA'] }).expect(409);
    await http().delete('/api/groups/OSCE').set(bearer(admin)).expect(409);
    await http().get('/api/groups/OSCE').expect(200).expect((r) => expect(r.body.memberCount).toBe(57));
    await http().delete('/api/groups/NGO-2026').set(bearer(reviewer)).expect(204);
    await http().get('/api/groups/NGO-2026').expect(404);
  });
});
