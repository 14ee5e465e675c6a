import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SESSION_COOKIE } from '../../src/web/session/session';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { getPage, postForm, text } from './web-helpers';

describe('Web: your account (API tokens, password)', () => {
  let app: INestApplication;
  let reviewer: TestUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    reviewer = await createUser(app, 'reviewer');
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates an API token shown once, which works until it is revoked', async () => {
    const created = await postForm(app, '/account/tokens', reviewer, { name: 'yearly import', expiresInDays: '30' }).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const token = /id="new-token" value="(cnt_[A-Za-z0-9_-]+)"/.exec(created.text)?.[1];
    expect(token).toBeDefined();
    await http().get('/api/auth/me').set(bearer({ token: token! })).expect(200);

    const page = await getPage(app, '/account', reviewer).expect(200);
    expect(page.text).not.toContain(token!);
    expect(text(page.text)).toContain('yearly import');
    const id = /action="\/account\/tokens\/([0-9a-f-]{36})\/revoke"/.exec(page.text)![1];
    const revoked = await postForm(app, `/account/tokens/${id}/revoke`, reviewer, {}).expect(303);
    expect(revoked.headers.location).toBe('/account?notice=token_revoked');
    await http().get('/api/auth/me').set(bearer({ token: token! })).expect(401);
    expect(text((await getPage(app, '/account', reviewer).expect(200)).text)).toContain('Revoked');
  });

  it('says what is wrong with a token form, beside the field, keeping what was typed', async () => {
    const page = await postForm(app, '/account/tokens', reviewer, { name: 'script', expiresInDays: '9999' }).expect(400);
    expect(text(page.text)).toContain('The token was not created');
    expect(page.text).toMatch(/id="expiresInDays-error"/);
    expect(page.text).toContain('value="script"');
    const empty = await postForm(app, '/account/tokens', reviewer, { name: '  ' }).expect(400);
    expect(empty.text).toMatch(/id="name-error"/);
  });

  it('changes the password: other sessions end, this browser gets a new session', async () => {
    const mismatch = await postForm(app, '/account/password', reviewer, {
      currentPassword: reviewer.password,
      newPassword: 'a new long password',
      confirmPassword: 'something else entirely',
    }).expect(400);
    expect(mismatch.text).toMatch(/id="confirmPassword-error"/);
    expect(mismatch.text).not.toContain('a new long password');
    const wrong = await postForm(app, '/account/password', reviewer, {
      currentPassword: 'not my password at all',
      newPassword: 'a new long password',
      confirmPassword: 'a new long password',
    }).expect(400);
    expect(wrong.text).toMatch(/id="currentPassword-error"/);

    const changed = await postForm(app, '/account/password', reviewer, {
      currentPassword: reviewer.password,
      newPassword: 'a new long password',
      confirmPassword: 'a new long password',
    }).expect(303);
    expect(changed.headers.location).toBe('/account?notice=password_changed');
    const fresh = ([] as string[]).concat(changed.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0];
    await http().get('/api/auth/me').set('Cookie', fresh).expect(200);
    await http().get('/api/auth/me').set(bearer(reviewer)).expect(401);
    await http().post('/api/auth/login').send({ email: reviewer.email, password: 'a new long password' }).expect(200);
  });
});
