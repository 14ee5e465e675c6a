import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';

describe('Accounts and sign-in', () => {
  let app: INestApplication;
  let admin: TestUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
  });
  afterAll(async () => {
    await app.close();
  });

  async function auditActions(): Promise<string[]> {
    const rows = await app.get(DataSource).query('SELECT action FROM audit_entry ORDER BY id');
    return rows.map((r: { action: string }) => r.action);
  }

  it('signs in with email and password and returns a working bearer token', async () => {
    const login = await http().post('/api/auth/login').send({ email: admin.email.toUpperCase(), password: admin.password }).expect(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: admin.email, role: 'admin' } });
    const me = await http().get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.id).toBe(admin.id);
    expect(await auditActions()).toContain('auth.sign_in');
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrong = await http().post('/api/auth/login').send({ email: admin.email, password: 'not the password' }).expect(401);
    const unknown = await http().post('/api/auth/login').send({ email: 'nobody@example.org', password: 'not the password' }).expect(401);
    const strip = ({ requestId: _ignored, ...rest }: Record<string, unknown>) => rest;
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' });
    expect(await auditActions()).toEqual(['user.created', 'auth.sign_in_failed', 'auth.sign_in_failed']);
  });

  it('refuses requests without a token, with a malformed header, or with a forged token', async () => {
    await http().get('/api/auth/me').expect(401);
    const malformed = await http().get('/api/auth/me').set('Authorization', 'Token abc').expect(401);
    expect(malformed.body.code).toBe('INVALID_TOKEN');
    const forged = await new JwtService({ secret: 'another-secret-another-secret-another' }).signAsync({ sub: admin.id, gen: 0, typ: 'access' });
    await http().get('/api/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('refuses an expired access token', async () => {
    const expired = await app.get(JwtService).signAsync({ sub: admin.id, gen: 0, typ: 'access' }, { expiresIn: -10 });
    const response = await http().get('/api/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(response.body.code).toBe('INVALID_TOKEN');
  });

  it('creates personal API tokens shown once, usable by scripts, and revocable', async () => {
    const created = await http().post('/api/auth/tokens').set(bearer(admin)).send({ name: 'nightly export' }).expect(201);
    expect(created.body.token).toMatch(/^cnt_/);
    const stored = await app.get(DataSource).query('SELECT token_hash FROM api_token');
    expect(stored[0].token_hash).not.toContain(created.body.token);
    const listed = await http().get('/api/auth/tokens').set(bearer(admin)).expect(200);
    expect(listed.body[0]).not.toHaveProperty('token');
    expect(listed.body[0].prefix).toBe(created.body.token.slice(0, 12));

    await http().get('/api/auth/me').set('Authorization', `Bearer ${created.body.token}`).expect(200);
    await http().delete(`/api/auth/tokens/${created.body.id}`).set(bearer(admin)).expect(204);
    const revoked = await http().get('/api/auth/me').set('Authorization', `Bearer ${created.body.token}`).expect(401);
    expect(revoked.body.code).toBe('INVALID_TOKEN');
    expect(await auditActions()).toEqual(['user.created', 'auth.api_token_created', 'auth.api_token_revoked']);
  });

  it("does not let a user revoke someone else's token", async () => {
    const viewer = await createUser(app, 'viewer');
    const created = await http().post('/api/auth/tokens').set(bearer(admin)).send({ name: 'mine' }).expect(201);
    await http().delete(`/api/auth/tokens/${created.body.id}`).set(bearer(viewer)).expect(404);
    await http().get('/api/auth/me').set('Authorization', `Bearer ${created.body.token}`).expect(200);
  });

  it('refuses every token of a disabled user at once, and their sign-in', async () => {
    const viewer = await createUser(app, 'viewer');
    const apiToken = await http().post('/api/auth/tokens').set(bearer(viewer)).send({ name: 'script' }).expect(201);
    const current = await http().get(`/api/users/${viewer.id}`).set(bearer(admin)).expect(200);
    await http().patch(`/api/users/${viewer.id}`).set(bearer(admin)).send({ version: current.body.version, disabled: true }).expect(200);
    await http().get('/api/auth/me').set(bearer(viewer)).expect(401);
    await http().get('/api/auth/me').set('Authorization', `Bearer ${apiToken.body.token}`).expect(401);
    await http().post('/api/auth/login').send({ email: viewer.email, password: viewer.password }).expect(401);
    expect(await auditActions()).toContain('user.disabled');
  });

  it('revokes older access tokens when the password changes', async () => {
    const viewer = await createUser(app, 'viewer');
    await http()
      .post('/api/auth/password')
      .set(bearer(viewer))
      .send({ currentPassword: 'wrong one', newPassword: 'a brand new passphrase' })
      .expect(400);
    const changed = await http()
      .post('/api/auth/password')
      .set(bearer(viewer))
      .send({ currentPassword: viewer.password, newPassword: 'a brand new passphrase' })
      .expect(200);
    await http().get('/api/auth/me').set(bearer(viewer)).expect(401);
    await http().get('/api/auth/me').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
    await http().post('/api/auth/login').send({ email: viewer.email, password: 'a brand new passphrase' }).expect(200);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const attempt = () =>
      http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.9').send({ email: admin.email, password: 'guess' });
    for (let i = 0; i < 30; i++) await attempt().expect(401);
    const limited = await attempt().expect(429);
    expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
    // Another address is not affected.
    await http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.10').send({ email: admin.email, password: admin.password }).expect(200);
  });

  it('manages users: create, validate, change role with audit, and optimistic locking', async () => {
    const bad = await http()
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'not-an-email', name: '', role: 'king', password: 'short', extra: 1 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'extra', 'name', 'password', 'role']);

    const noState = await http()
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'o@example.org', name: 'Official', role: 'state_official', password: 'long enough password' })
      .expect(400);
    expect(noState.body.errors).toEqual([{ field: 'states', messages: ['a state official must act for at least one state'] }]);
    await http()
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'o@example.org', name: 'Official', role: 'state_official', password: 'long enough password', states: ['ZZZ'] })
      .expect(400);

    const created = await http()
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'O@Example.org', name: 'Official', role: 'state_official', password: 'long enough password', states: ['fra'] })
      .expect(201);
    expect(created.body).toMatchObject({ email: 'o@example.org', states: ['FRA'], version: 1 });
    await http()
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'o@example.org', name: 'Again', role: 'viewer', password: 'long enough password' })
      .expect(409);

    const promoted = await http()
      .patch(`/api/users/${created.body.id}`)
      .set(bearer(admin))
      .send({ version: 1, role: 'reviewer' })
      .expect(200);
    expect(promoted.body).toMatchObject({ role: 'reviewer', states: [], version: 2 });
    const stale = await http().patch(`/api/users/${created.body.id}`).set(bearer(admin)).send({ version: 1, name: 'Late' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });

    const trail = await app.get(DataSource).query(`SELECT action, before, after FROM audit_entry WHERE action = 'user.role_changed'`);
    expect(trail).toHaveLength(1);
    expect(trail[0].before).toMatchObject({ role: 'state_official', states: ['FRA'] });
    expect(trail[0].after).toMatchObject({ role: 'reviewer', states: [] });
  });

  it('keeps the database rule that only state officials act for states', async () => {
    const viewer = await createUser(app, 'viewer');
    await expect(
      app.get(DataSource).query(`INSERT INTO user_state (user_id, state_iso3) VALUES ($1, 'FRA')`, [viewer.id]),
    ).rejects.toThrow(/only state officials act for states/);
  });

  it('keeps the audit trail append-only in the database', async () => {
    const dataSource = app.get(DataSource);
    await expect(dataSource.query(`UPDATE audit_entry SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
  });
});
