import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { UsersService } from '../../src/users/users.service';
import { DataSource } from 'typeorm';
import { csrfTokenFor, PRESESSION_COOKIE, SESSION_COOKIE } from '../../src/web/session/session';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { csrf, getPage, postForm, session, text } from './web-helpers';

/** Name=value of a Set-Cookie header, and its attributes. */
function cookie(response: request.Response, name: string): string | undefined {
  const all = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return all.find((c) => c.startsWith(`${name}=`));
}

/** The login form's hidden CSRF field and the pre-session cookie that it belongs to. */
async function loginForm(app: INestApplication): Promise<{ token: string; cookie: string }> {
  const page = await request(app.getHttpServer()).get('/login').expect(200);
  const set = cookie(page, PRESESSION_COOKIE)!;
  return { token: /name="_csrf" value="([^"]+)"/.exec(page.text)![1], cookie: set.split(';')[0] };
}

describe('Web sessions and CSRF', () => {
  let app: INestApplication;
  let admin: TestUser;
  let official: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    official = await createUser(app, 'state_official', { states: ['FRA'] });
  });
  afterAll(async () => {
    await app.close();
  });

  describe('signing in', () => {
    it('gives the sign-in form a CSRF token tied to an httpOnly pre-session cookie', async () => {
      const page = await request(app.getHttpServer()).get('/login').expect(200);
      expect(cookie(page, PRESESSION_COOKIE)).toMatch(/^cnt_presession=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      expect(page.text).toMatch(/<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}">/);
    });

    it('refuses wrong credentials with the API’s message and keeps the email', async () => {
      const api = await request(app.getHttpServer()).post('/api/auth/login').send({ email: admin.email, password: 'not the password!' }).expect(401);
      const form = await loginForm(app);
      const page = await request(app.getHttpServer())
        .post('/login')
        .set('Cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.token, email: admin.email, password: 'not the password!' })
        .expect(401);
      expect(text(page.text)).toContain(api.body.message);
      expect(api.body.message).toBe('Invalid email or password');
      expect(page.text).toContain(`value="${admin.email}"`);
      expect(cookie(page, SESSION_COOKIE)).toBeUndefined();
    });

    it('refuses a sign-in form without its CSRF token', async () => {
      const form = await loginForm(app);
      const page = await request(app.getHttpServer())
        .post('/login')
        .set('Cookie', form.cookie)
        .type('form')
        .send({ email: admin.email, password: admin.password })
        .expect(403);
      expect(text(page.text)).toContain('The form has expired or did not come from this site');
      expect(cookie(page, SESSION_COOKIE)).toBeUndefined();
    });

    it('starts an httpOnly, SameSite=Lax session and goes to the page asked for, never to another site', async () => {
      for (const [next, expected] of [['/admin/users', '/admin/users'], ['//evil.example/x', '/admin'], ['https://evil.example', '/admin']]) {
        const form = await loginForm(app);
        const response = await request(app.getHttpServer())
          .post('/login')
          .set('Cookie', form.cookie)
          .type('form')
          .send({ _csrf: form.token, email: admin.email, password: admin.password, next })
          .expect(303);
        expect(response.headers.location).toBe(expected);
        const set = cookie(response, SESSION_COOKIE)!;
        expect(set).toMatch(/^cnt_session=[^;]+; Max-Age=28800; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
        const sessionCookie = set.split(';')[0];
        const me = await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', sessionCookie).expect(200);
        expect(me.body.email).toBe(admin.email);
      }
    });
  });

  describe('CSRF on every unsafe request authenticated by the cookie', () => {
    it('refuses page forms without the token, and accepts them with it', async () => {
      const without = await request(app.getHttpServer()).post('/logout').set(session(admin)).type('form').send({}).expect(403);
      expect(text(without.text)).toContain('The form has expired');
      const wrong = await request(app.getHttpServer()).post('/logout').set(session(admin)).type('form').send({ _csrf: csrf(official) }).expect(403);
      expect(wrong.text).toContain('CSRF');
      const ok = await postForm(app, '/logout', admin, {}).expect(303);
      expect(ok.headers.location).toBe('/?notice=signed_out');
      expect(cookie(ok, SESSION_COOKIE)).toMatch(/^cnt_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
      // That sign-out ended the admin's session; the tests below need one.
      admin = await createUser(app, 'admin');
    });

    it('refuses /api writes made with the cookie unless they send X-CSRF-Token; bearer calls need none', async () => {
      const refused = await request(app.getHttpServer()).post('/api/auth/tokens').set(session(admin)).send({ name: 'script' }).expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'CSRF_FAILED' });
      await request(app.getHttpServer()).post('/api/auth/tokens').set(session(admin)).set('X-CSRF-Token', csrf(admin)).send({ name: 'script' }).expect(201);
      await request(app.getHttpServer()).post('/api/auth/tokens').set(bearer(admin)).send({ name: 'script 2' }).expect(201);
      // Reads need no token.
      await request(app.getHttpServer()).get('/api/auth/tokens').set(session(admin)).expect(200);
    });

    it('checks multipart forms once parsed', async () => {
      const refused = await request(app.getHttpServer()).post('/admin/import').set(session(admin)).field('dryRun', 'on').attach('file', Buffer.from('a,b\n'), 'x.csv');
      expect(refused.status).toBe(403);
      const accepted = await request(app.getHttpServer())
        .post('/admin/import')
        .set(session(admin))
        .field('_csrf', csrf(admin))
        .field('dryRun', 'on')
        .attach('file', Buffer.from('a,b\n'), 'x.csv');
      expect(accepted.status).toBe(400);
      expect(text(accepted.text)).toContain('Nothing was imported');
    });
  });

  describe('signing out', () => {
    it('ends the session on the server: a kept copy of the cookie signs nobody in afterwards', async () => {
      const form = await loginForm(app);
      const signedIn = await request(app.getHttpServer())
        .post('/login')
        .set('Cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.token, email: official.email, password: official.password })
        .expect(303);
      const kept = cookie(signedIn, SESSION_COOKIE)!.split(';')[0];
      const token = kept.slice(`${SESSION_COOKIE}=`.length);
      await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', kept).expect(200);
      await request(app.getHttpServer()).get('/self-assessment').set('Cookie', kept).expect(200);

      const out = await request(app.getHttpServer()).post('/logout').set('Cookie', kept).type('form').send({ _csrf: csrfTokenFor(token) }).expect(303);
      expect(out.headers.location).toBe('/?notice=signed_out');

      await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', kept).expect(401);
      await request(app.getHttpServer()).get('/api/auth/me').set(bearer({ token })).expect(401);
      const page = await request(app.getHttpServer()).get('/self-assessment').set('Cookie', kept).expect(302);
      expect(page.headers.location).toBe('/login?expired=1&next=%2Fself-assessment');
      const [entry] = await app.get(DataSource).query(`SELECT action FROM audit_entry WHERE actor_user_id = $1 ORDER BY chain_seq DESC LIMIT 1`, [official.id]);
      expect(entry.action).toBe('auth.sign_out');
      // Signing out twice, or with a token of no session, is harmless.
      await request(app.getHttpServer()).post('/logout').set('Cookie', kept).type('form').send({}).expect(303);
    });

    it('leaves the user’s other sessions running', async () => {
      const signIn = async () => {
        const form = await loginForm(app);
        const response = await request(app.getHttpServer())
          .post('/login')
          .set('Cookie', form.cookie)
          .type('form')
          .send({ _csrf: form.token, email: admin.email, password: admin.password })
          .expect(303);
        return cookie(response, SESSION_COOKIE)!.split(';')[0];
      };
      const laptop = await signIn();
      const phone = await signIn();
      await request(app.getHttpServer())
        .post('/logout')
        .set('Cookie', laptop)
        .type('form')
        .send({ _csrf: csrfTokenFor(laptop.slice(`${SESSION_COOKIE}=`.length)) })
        .expect(303);
      await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', laptop).expect(401);
      await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', phone).expect(200);
    });
  });

  describe('expired and revoked sessions', () => {
    it('treats a bad session cookie as signed out: public pages work, others ask to sign in again', async () => {
      const bad = { Cookie: `${SESSION_COOKIE}=not-a-token` };
      const home = await request(app.getHttpServer()).get('/').set(bad).expect(200);
      expect(home.text).toContain('href="/login"');
      const admin = await request(app.getHttpServer()).get('/admin/users').set(bad).expect(302);
      expect(admin.headers.location).toBe('/login?expired=1&next=%2Fadmin%2Fusers');
      const login = await request(app.getHttpServer()).get(admin.headers.location).set(bad).expect(200);
      expect(text(login.text)).toContain('Your session has ended');
    });

    it('ends the sessions of a disabled user at once', async () => {
      const user = await createUser(app, 'reviewer');
      await getPage(app, '/review', user).expect(200);
      const current = await app.get(UsersService).get(user.id);
      await app.get(UsersService).update(user.id, { version: current.version, disabled: true }, { id: admin.id, email: admin.email, name: 'Admin', role: 'admin', stateIsos: [], via: 'access-token' });
      const after = await getPage(app, '/review', user).expect(302);
      expect(after.headers.location).toMatch(/^\/login\?expired=1/);
    });
  });

  it('counts web sign-ins against the same per-address budget as the API’s', async () => {
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) {
      status = (await request(app.getHttpServer()).post('/api/auth/login').send({ email: 'nobody@example.org', password: 'guess' })).status;
    }
    expect(status).toBe(429);
    const form = await loginForm(app);
    const page = await request(app.getHttpServer())
      .post('/login')
      .set('Cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.token, email: admin.email, password: admin.password })
      .expect(429);
    expect(text(page.text)).toContain('Too many attempts');
  });

  it('serves pages with a CSP that allows no inline script, and the stylesheet', async () => {
    const directives = (csp: string) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    const page = await getPage(app, '/').expect(200);
    expect(directives(page.headers['content-security-policy'])['script-src']).toEqual(["'self'"]);
    // The API's own pages (Swagger UI) keep what they need.
    const docs = await request(app.getHttpServer()).get('/api/openapi.json').expect(200);
    expect(directives(docs.headers['content-security-policy'])['script-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await getPage(app, '/', official)).headers['cache-control']).toBe('no-store');
    const css = await request(app.getHttpServer()).get('/assets/site.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });
});
