import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { WebSessionsService } from '../../src/auth/web-sessions.service';
import { Role } from '../../src/users/entities/user.entity';
import { UsersService } from '../../src/users/users.service';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  token: string;
}

/**
 * Creates a user through the real service and signs it in: the token names a real web session, as after
 * POST /login, so it serves as a bearer token and as the session cookie alike (web-helpers.ts).
 */
export async function createUser(
  app: INestApplication,
  role: Role,
  options: { states?: string[]; email?: string; password?: string } = {},
): Promise<TestUser> {
  const email = options.email ?? `${role}-${randomUUID().slice(0, 8)}@example.org`;
  const password = options.password ?? 'correct horse battery staple';
  const user = await app.get(UsersService).create({ email, name: `Test ${role}`, role, password, states: options.states }, null);
  const token = await app.get(WebSessionsService).start(user.id, 0, 8 * 3600);
  return { id: user.id, email, password, role, token };
}

export function bearer(user: { token: string } | undefined): Record<string, string> {
  return user ? { Authorization: `Bearer ${user.token}` } : {};
}

export type Actor = 'anonymous' | 'viewer' | 'reviewer' | 'officialA' | 'officialB' | 'admin';
export const ACTORS: Actor[] = ['anonymous', 'viewer', 'reviewer', 'officialA', 'officialB', 'admin'];

/** One user per role; official A acts for France, official B for Germany. */
export async function createActors(app: INestApplication): Promise<Record<Actor, TestUser | undefined>> {
  return {
    anonymous: undefined,
    viewer: await createUser(app, 'viewer'),
    reviewer: await createUser(app, 'reviewer'),
    officialA: await createUser(app, 'state_official', { states: ['FRA'] }),
    officialB: await createUser(app, 'state_official', { states: ['DEU'] }),
    admin: await createUser(app, 'admin'),
  };
}
