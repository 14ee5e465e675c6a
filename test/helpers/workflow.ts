import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, TestUser } from './auth';

/** A tiny but real PDF: enough for content-based type detection. */
export function pdfBytes(label = 'evidence'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

export async function openCycle(app: INestApplication, admin: TestUser, year: number, extra: object = {}): Promise<request.Response> {
  return request(app.getHttpServer())
    .post('/api/cycles')
    .set(bearer(admin))
    .send({ year, ...extra })
    .expect(201);
}

export async function recordPosition(
  app: INestApplication,
  user: TestUser,
  year: number,
  iso3: string,
  commitment: string,
  body: object,
  status = 200,
): Promise<request.Response> {
  return request(app.getHttpServer())
    .put(`/api/cycles/${year}/states/${iso3}/assessments/${encodeURIComponent(commitment)}`)
    .set(bearer(user))
    .send(body)
    .expect(status);
}

export async function transition(
  app: INestApplication,
  user: TestUser,
  assessment: { id: string; version: number },
  action: string,
  extra: object = {},
  status = 201,
): Promise<request.Response> {
  return request(app.getHttpServer())
    .post(`/api/assessments/${assessment.id}/transitions`)
    .set(bearer(user))
    .send({ action, version: assessment.version, ...extra })
    .expect(status);
}

export async function changeCycleStatus(app: INestApplication, admin: TestUser, year: number, status: string): Promise<request.Response> {
  const current = await request(app.getHttpServer()).get(`/api/cycles/${year}`).set(bearer(admin)).expect(200);
  return request(app.getHttpServer())
    .post(`/api/cycles/${year}/status`)
    .set(bearer(admin))
    .send({ status, version: current.body.version })
    .expect(201);
}
