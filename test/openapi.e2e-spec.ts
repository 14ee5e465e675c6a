import { validate } from '@readme/openapi-parser';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './helpers/test-app';

describe('OpenAPI document', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('is served at /api/openapi.json and is valid OpenAPI', async () => {
    const response = await request(app.getHttpServer()).get('/api/openapi.json').expect(200);
    const result = await validate(structuredClone(response.body));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('describes response bodies with schemas, so a generated client gets types', async () => {
    const { body: document } = await request(app.getHttpServer()).get('/api/openapi.json').expect(200);
    const framework = document.components.schemas.FrameworkDto;
    expect(Object.keys(framework.properties)).toEqual(expect.arrayContaining(['code', 'version', 'commitments']));
    const listStates = document.paths['/api/states'].get;
    expect(listStates.operationId).toBe('States_list');
    expect(listStates.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['group', 'search']));
    expect(listStates.responses['200'].content['application/json'].schema.items.$ref).toBe('#/components/schemas/StateDto');
  });

  it('serves Swagger UI at /api/docs', async () => {
    const response = await request(app.getHttpServer()).get('/api/docs').redirects(1).expect(200);
    expect(response.text).toContain('swagger-ui');
  });
});
