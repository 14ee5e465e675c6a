import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TokensService } from '../../src/auth/tokens.service';
import { ACTORS, Actor, bearer, createActors, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { ROUTES } from './routes';

describe('Authorization matrix: every route x every kind of caller', () => {
  let app: INestApplication;
  let actors: Record<Actor, TestUser | undefined>;

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    actors = await createActors(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('has a case for every route in the OpenAPI document', async () => {
    const { body: document } = await request(app.getHttpServer()).get('/api/openapi.json').expect(200);
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = ROUTES.map((r) => `${r.method.toUpperCase()} ${r.route}`);
    expect(documented.filter((route) => !covered.includes(route))).toEqual([]);
    expect(covered.filter((route) => !documented.includes(route))).toEqual([]);
  });

  describe.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.route}`, r] as const))('%s', (_name, route) => {
    it.each(ACTORS)('answers %s as expected', async (actor) => {
      // Some routes (password reset) revoke the caller's tokens; start every call with a fresh one.
      const user = actors[actor];
      if (user) user.token = await app.get(TokensService).issueAccessToken(user.id, await generation(user.id));
      const ctx = { app, actors, actor };
      const path = route.path ? await route.path(ctx) : route.route;
      let call = request(app.getHttpServer())[route.method](path).set(bearer(user));
      if (route.body) call = call.send(await route.body(ctx));
      if (route.attach) {
        const file = route.attach();
        call = call.attach(file.field, file.content, file.filename);
      }
      const response = await call;
      expect({ actor, status: response.status, body: response.status >= 400 ? response.body : undefined }).toMatchObject({
        actor,
        status: route.expect[actor],
      });
    });
  });

  async function generation(userId: string): Promise<number> {
    const [row] = await app.get(DataSource).query('SELECT token_generation FROM app_user WHERE id = $1', [userId]);
    return row.token_generation;
  }
});
