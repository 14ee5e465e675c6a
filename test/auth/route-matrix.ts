import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Actor, bearer, TestUser } from '../helpers/auth';

export interface MatrixContext {
  app: INestApplication;
  actors: Record<Actor, TestUser | undefined>;
  actor: Actor;
}

export interface RouteCase {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The route as OpenAPI names it, e.g. /api/states/{iso3}; every documented route must have a case. */
  route: string;
  /** The concrete path to call; may set up what it needs first. */
  path?: (ctx: MatrixContext) => string | Promise<string>;
  body?: (ctx: MatrixContext) => object | Promise<object>;
  /** A multipart file to send instead of a JSON body. */
  attach?: () => { field: string; content: Buffer; filename: string };
  expect: Record<Actor, number>;
}

export const everyone = (status: number): Record<Actor, number> => ({
  anonymous: status,
  viewer: status,
  reviewer: status,
  officialA: status,
  officialB: status,
  admin: status,
});
export const signedIn = (status: number): Record<Actor, number> => ({ ...everyone(status), anonymous: 401 });
export const adminOnly = (status: number): Record<Actor, number> => ({ ...signedIn(403), admin: status });
export const staffOnly = (status: number): Record<Actor, number> => ({ ...signedIn(403), reviewer: status, admin: status });

const unique = () => randomUUID().slice(0, 8);

async function customGroup(ctx: MatrixContext): Promise<string> {
  const code = `G-${unique().toUpperCase()}`;
  await request(ctx.app.getHttpServer())
    .post('/api/groups')
    .set(bearer(ctx.actors.admin))
    .send({ code, name: 'Matrix group', members: ['FRA'] })
    .expect(201);
  return code;
}

async function currentVersion(ctx: MatrixContext, userId: string): Promise<number> {
  const response = await request(ctx.app.getHttpServer()).get(`/api/users/${userId}`).set(bearer(ctx.actors.admin)).expect(200);
  return response.body.version;
}

let nextEntity = 0;
function entityCode(): string {
  const n = nextEntity++;
  return `Q${String.fromCharCode(65 + Math.floor(n / 26) % 26)}${String.fromCharCode(65 + (n % 26))}`;
}

/** Every route of the API with the status each kind of caller must get. Later routes join this table. */
export const CORE_ROUTES: RouteCase[] = [
  { method: 'get', route: '/health', expect: everyone(200) },
  { method: 'get', route: '/health/live', expect: everyone(200) },
  { method: 'get', route: '/health/ready', expect: everyone(200) },
  { method: 'get', route: '/api/frameworks', expect: everyone(200) },
  { method: 'get', route: '/api/frameworks/{code}', path: () => '/api/frameworks/GGE', expect: everyone(200) },
  { method: 'get', route: '/api/crosswalk', expect: everyone(200) },
  { method: 'get', route: '/api/states', expect: everyone(200) },
  { method: 'get', route: '/api/states/{iso3}', path: () => '/api/states/FRA', expect: everyone(200) },
  { method: 'get', route: '/api/groups', expect: everyone(200) },
  { method: 'get', route: '/api/groups/{code}', path: () => '/api/groups/OSCE', expect: everyone(200) },
  {
    method: 'post',
    route: '/api/states',
    body: () => ({ iso3: entityCode(), name: 'Matrix entity' }),
    expect: adminOnly(201),
  },
  {
    method: 'post',
    route: '/api/groups',
    body: () => ({ code: `M-${unique().toUpperCase()}`, name: 'Matrix', members: ['DEU'] }),
    expect: staffOnly(201),
  },
  {
    method: 'put',
    route: '/api/groups/{code}/members',
    path: async (ctx) => `/api/groups/${await customGroup(ctx)}/members`,
    body: () => ({ members: ['FRA', 'DEU'] }),
    expect: staffOnly(200),
  },
  {
    method: 'delete',
    route: '/api/groups/{code}',
    path: async (ctx) => `/api/groups/${await customGroup(ctx)}`,
    expect: staffOnly(204),
  },
  {
    method: 'post',
    route: '/api/auth/login',
    body: (ctx) => ({ email: ctx.actors.admin!.email, password: ctx.actors.admin!.password }),
    expect: everyone(200),
  },
  { method: 'get', route: '/api/auth/me', expect: signedIn(200) },
  {
    method: 'post',
    route: '/api/auth/password',
    body: () => ({ currentPassword: 'not my password', newPassword: 'some new long password' }),
    expect: signedIn(400),
  },
  { method: 'post', route: '/api/auth/tokens', body: () => ({ name: 'matrix' }), expect: signedIn(201) },
  { method: 'get', route: '/api/auth/tokens', expect: signedIn(200) },
  {
    method: 'delete',
    route: '/api/auth/tokens/{id}',
    path: () => `/api/auth/tokens/${randomUUID()}`,
    expect: signedIn(404),
  },
  { method: 'get', route: '/api/users', expect: adminOnly(200) },
  {
    method: 'post',
    route: '/api/users',
    body: () => ({ email: `m-${unique()}@example.org`, name: 'Matrix', role: 'viewer', password: 'a long enough password' }),
    expect: adminOnly(201),
  },
  { method: 'get', route: '/api/users/{id}', path: (ctx) => `/api/users/${ctx.actors.viewer!.id}`, expect: adminOnly(200) },
  {
    method: 'patch',
    route: '/api/users/{id}',
    path: (ctx) => `/api/users/${ctx.actors.viewer!.id}`,
    body: async (ctx) => ({ version: await currentVersion(ctx, ctx.actors.viewer!.id), name: `Viewer ${unique()}` }),
    expect: adminOnly(200),
  },
  {
    method: 'put',
    route: '/api/users/{id}/password',
    path: (ctx) => `/api/users/${ctx.actors.reviewer!.id}`.concat('/password'),
    body: () => ({ password: 'a long enough password' }),
    expect: adminOnly(204),
  },
];
