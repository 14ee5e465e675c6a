import { INestApplication } from '@nestjs/common';
import { DemoService } from '../../src/demo/demo.service';
import { ACTORS, Actor, createActors, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { openCycle } from '../helpers/workflow';
import { getPage } from './web-helpers';

type Expected = 200 | 'login' | 403;

// Who may open which page: anonymous callers are sent to the sign-in page, other roles get 403.
const ALL: Record<Actor, Expected> = { anonymous: 200, viewer: 200, reviewer: 200, officialA: 200, officialB: 200, admin: 200 };
const SIGNED_IN: Record<Actor, Expected> = { anonymous: 'login', viewer: 403, reviewer: 403, officialA: 200, officialB: 200, admin: 403 };
const STAFF: Record<Actor, Expected> = { anonymous: 'login', viewer: 403, reviewer: 200, officialA: 403, officialB: 403, admin: 200 };
const ADMIN: Record<Actor, Expected> = { anonymous: 'login', viewer: 403, reviewer: 403, officialA: 403, officialB: 403, admin: 200 };
const IMPORT: Record<Actor, Expected> = { ...ADMIN, reviewer: 200 };
const AUDIT: Record<Actor, Expected> = { ...STAFF, officialA: 200, officialB: 200 };
const REVIEWER: Record<Actor, Expected> = { ...ADMIN, reviewer: 200, admin: 403 };
const ANY_SIGNED_IN: Record<Actor, Expected> = { ...ALL, anonymous: 'login' };

const PAGES: Array<[string, Record<Actor, Expected>]> = [
  ['/', ALL],
  ['/results/2099', ALL],
  ['/results/2099/ranking?framework=OSCE', ALL],
  ['/results/2099/states/FRA', ALL],
  ['/results/2099/downloads', ALL],
  ['/methodology', ALL],
  ['/find?q=Korea', ALL],
  ['/compare?year=2099&framework=OSCE&s=FRA&s=DEU&group=EU', ALL],
  ['/self-assessment', SIGNED_IN],
  ['/review', STAFF],
  ['/review/compare/2099/FRA?framework=OSCE', STAFF],
  ['/admin', ADMIN],
  ['/admin/users', ADMIN],
  ['/admin/cycles', ADMIN],
  ['/admin/methodologies', ADMIN],
  ['/admin/catalogue', ADMIN],
  ['/admin/import', IMPORT],
  ['/audit-trail', AUDIT],
  ['/audit-trail?state=FRA&entityType=assessment', AUDIT],
  ['/audit-trail/verify', ADMIN],
  ['/account', ANY_SIGNED_IN],
  ['/review/positions', REVIEWER],
  ['/review/positions/2026/FRA/GGE', REVIEWER],
];

describe('Web pages: who may open which page', () => {
  let app: INestApplication;
  let actors: Record<Actor, TestUser | undefined>;

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    actors = await createActors(app);
    await app.get(DemoService).seed({ year: 2099, publish: true, states: ['FRA', 'DEU', 'ITA', 'POL'] });
    await openCycle(app, actors.admin!, 2026);
  });
  afterAll(async () => {
    await app.close();
  });

  describe.each(PAGES)('GET %s', (path, expected) => {
    it.each(ACTORS)('answers %s as expected', async (actor) => {
      const response = await getPage(app, path, actors[actor]);
      const want = expected[actor];
      if (want === 'login') {
        expect({ status: response.status, location: response.headers.location }).toEqual({
          status: 302,
          location: `/login?signin=1&next=${encodeURIComponent(path)}`,
        });
      } else {
        expect({ actor, status: response.status }).toEqual({ actor, status: want });
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.text).toMatch(/<main id="main"/);
      }
    });
  });

  it('shows the sign-in page to anonymous callers and sends signed-in users to their own start page', async () => {
    await getPage(app, '/login').expect(200);
    const homes: Array<[Actor, string]> = [['viewer', '/'], ['officialA', '/self-assessment'], ['reviewer', '/review'], ['admin', '/admin']];
    for (const [actor, home] of homes) {
      const response = await getPage(app, '/login', actors[actor]);
      expect({ actor, status: response.status, location: response.headers.location }).toEqual({ actor, status: 302, location: home });
    }
  });

  it('answers 404 pages for unpublished cycles to anonymous callers, as the API does', async () => {
    const response = await getPage(app, '/results/2026');
    expect(response.status).toBe(404);
    expect(response.text).toContain('Page not found');
  });

  it('lets officials open only their own state’s self-assessment of an open cycle', async () => {
    await getPage(app, '/self-assessment/2026/FRA/GGE', actors.officialA).expect(200);
    const other = await getPage(app, '/self-assessment/2026/DEU/GGE', actors.officialA);
    expect(other.status).toBe(403);
    expect(other.text).toContain('You do not act for DEU');
  });
});
