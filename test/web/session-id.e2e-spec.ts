import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensService } from '../../src/auth/tokens.service';
import { createUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';

describe('Web session cookies must name a session', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses a cookie holding a token without a session id (from before sessions were rows), which signing out could never end', async () => {
    const user = await createUser(app, 'reviewer');
    const sessionless = await app.get(TokensService).issueAccessToken(user.id, 0, 3600);
    await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', `cnt_session=${sessionless}`).expect(401);
    const page = await request(app.getHttpServer()).get('/account').set('Cookie', `cnt_session=${sessionless}`).expect(302);
    expect(page.headers.location).toMatch(/^\/login/);
    // The same token as a bearer token (API clients) is still an access token like any other.
    await request(app.getHttpServer()).get('/api/auth/me').set('Authorization', `Bearer ${sessionless}`).expect(200);
  });
});
