import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { reportFigures } from './helpers/figures';
import { withIsolatedApp } from './helpers/isolated-app';

const LEAK = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|QueryFailedError|relation "|\bSELECT\b|\bFROM\b|syntax error/i;

/** The attack surface: headers, CORS, size limits, upload types, downloads, and what errors give away. */
describe('Hardening', () => {
  let app: INestApplication;
  let reviewer: TestUser;
  const http = () => request(app.getHttpServer());
  const figures = { checks: 0 };

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    reviewer = await createUser(app, 'reviewer');
  });
  afterAll(async () => {
    reportFigures('hardening', figures);
    await app.close();
  });
  afterEach(() => void figures.checks++);

  it('sends security headers and no x-powered-by, on the API and on health', async () => {
    for (const path of ['/api/frameworks', '/health']) {
      const response = await http().get(path).expect(200);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringContaining('max-age='),
        'cross-origin-opener-policy': 'same-origin',
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'x-request-id': expect.any(String),
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('allows cross-origin calls only from CORS_ORIGINS', async () => {
    const preflight = (server: INestApplication, origin: string) =>
      request(server.getHttpServer()).options('/api/frameworks').set('Origin', origin).set('Access-Control-Request-Method', 'GET');
    // Default configuration: no origin is allowed.
    expect((await preflight(app, 'https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    await withIsolatedApp(
      { DATABASE_URL: process.env.DATABASE_URL!, CORS_ORIGINS: 'https://tracker.example.org, https://partner.example' },
      async ({ app: configured }) => {
        const allowed = await preflight(configured, 'https://partner.example');
        expect(allowed.headers['access-control-allow-origin']).toBe('https://partner.example');
        const refused = await preflight(configured, 'https://evil.example');
        expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      },
    );
  });

  it('refuses bodies over 1 MB and uploads over UPLOAD_MAX_BYTES with 413 in the error contract', async () => {
    const json = await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'x'.repeat(1_200_000), kind: 'media' });
    expect(json.status).toBe(413);
    expect(json.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
    const upload = await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', Buffer.alloc(300 * 1024, 0x41), 'big.txt');
    expect(upload.status).toBe(413);
    expect(upload.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    const malformed = await http().post('/api/evidence').set(bearer(reviewer)).set('Content-Type', 'application/json').send('{"title": ');
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', message: 'Unexpected end of JSON input' });
    const proto = await http().post('/api/evidence').set(bearer(reviewer)).set('Content-Type', 'application/json').send('{"__proto__": {"isAdmin": true}}');
    expect(proto.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', message: 'the key "__proto__" is not allowed' });
  });

  it('decides upload types from the content, never from the name or the declared type', async () => {
    const executable = await http()
      .post('/api/evidence/files')
      .set(bearer(reviewer))
      .attach('file', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(200, 0)]), { filename: 'report.pdf', contentType: 'application/pdf' });
    expect(executable.status).toBe(415);
    expect(executable.body.code).toBe('UNSUPPORTED_FILE_TYPE');
    const html = await http()
      .post('/api/evidence/files')
      .set(bearer(reviewer))
      .attach('file', Buffer.from('<html><script>alert(document.cookie)</script></html>'), { filename: 'x.html', contentType: 'text/html' })
      .expect(201);
    expect(html.body.mediaType).toBe('text/plain');

    // Downloaded as an inert attachment: plain text, no sniffing, sandboxed, with its hash.
    const evidence = await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'Page', kind: 'media', fileId: html.body.id }).expect(201);
    const download = await http().get(`/api/evidence/${evidence.body.id}/file`).set(bearer(reviewer)).expect(200);
    expect(download.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': expect.stringMatching(/^attachment; filename="x\.html"/),
      'x-content-sha256': html.body.sha256,
    });
  });

  it('answers forced server errors and unknown routes without stack traces or SQL', async () => {
    const dataSource = app.get(DataSource);
    await dataSource.query('ALTER TABLE evidence RENAME TO evidence_hidden');
    try {
      const broken = await http().get('/api/evidence').set(bearer(reviewer));
      expect(broken.status).toBe(500);
      expect(broken.body).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: 'An unexpected error occurred', requestId: expect.any(String) });
      expect(JSON.stringify(broken.body)).not.toMatch(LEAK);
    } finally {
      await dataSource.query('ALTER TABLE evidence_hidden RENAME TO evidence');
    }
    const constraint = await http().post('/api/groups').set(bearer(reviewer)).send({ code: 'G1', name: 'G', members: ['ZZZ'] });
    expect(constraint.status).toBeGreaterThanOrEqual(400);
    expect(constraint.status).toBeLessThan(500);
    expect(JSON.stringify(constraint.body)).not.toMatch(LEAK);
    const unknown = await http().get('/api/../../etc/passwd');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});
