import { INestApplication, RequestMethod } from '@nestjs/common';
import request from 'supertest';
import { webRoutes } from '../../src/web/configure-web';
import { createTestApp, resetDatabase } from '../helpers/test-app';

/** A route pattern (with :params) as a regular expression that matches concrete paths and other patterns. */
function matcher(pattern: string): RegExp {
  const source = pattern.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^${source}/?$`);
}

describe('Web routes beside the API', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
    // Other suites of the same worker leave cycles behind; the 404 below needs none.
    await resetDatabase(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves the pages outside /api, and no API route loses its /api prefix', async () => {
    const routes = webRoutes();
    expect(routes.map((r) => `${RequestMethod[r.method]} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /', 'GET /results/:year', 'GET /login', 'POST /login', 'GET /self-assessment/:year/:iso3/:framework', 'POST /admin/import']),
    );
    const { body: document } = await request(app.getHttpServer()).get('/api/openapi.json').expect(200);
    const apiPaths = Object.keys(document.paths as object);
    const probes = ['/health', '/health/live', '/health/ready'];
    expect(apiPaths.filter((path) => !path.startsWith('/api/')).sort()).toEqual(probes);
    // A page path that matched an API route would take that route out of /api too: none may.
    const apiRoutes = apiPaths.filter((path) => !probes.includes(path)).map((path) => path.slice('/api'.length).replace(/\{([^}]+)\}/g, ':$1'));
    const clashes = routes.flatMap((route) => apiRoutes.filter((api) => matcher(route.path).test(api) || matcher(api).test(route.path)).map((api) => `${route.path} ~ ${api}`));
    expect(clashes).toEqual([]);
  });

  it('answers an unknown address with a page for browsers and with JSON for the API and other clients', async () => {
    const page = await request(app.getHttpServer()).get('/no-such-page').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1>Page not found</h1>');
    const client = await request(app.getHttpServer()).get('/no-such-page').expect(404);
    expect(client.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    const api = await request(app.getHttpServer()).get('/api/no-such-route').set('Accept', 'text/html').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    // A page of the site about something that does not exist keeps its own error page.
    const cycle = await request(app.getHttpServer()).get('/results/2099').set('Accept', 'text/html').expect(404);
    expect(cycle.text).toContain('Page not found');
  });

  it('keeps the API where it was and the pages out of the OpenAPI document', async () => {
    await request(app.getHttpServer()).get('/api/cycles').expect(200);
    await request(app.getHttpServer()).get('/cycles').expect(404);
    await request(app.getHttpServer()).get('/health').expect(200);
    await request(app.getHttpServer()).get('/api/results/2026').expect(404);
    const { body: document } = await request(app.getHttpServer()).get('/api/openapi.json').expect(200);
    const documented = Object.keys(document.paths).map((path) => path.replace(/\{([^}]+)\}/g, ':$1'));
    expect(webRoutes().filter((route) => documented.includes(route.path) || documented.includes(`/api${route.path}`))).toEqual([]);
  });
});
