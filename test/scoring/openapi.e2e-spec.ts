import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from '../helpers/test-app';

// Generated clients get typed scorecards: every scoring route documents its response body.
describe('Scoring in the OpenAPI document', () => {
  let app: INestApplication;
  let document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>; components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }> } };

  beforeAll(async () => {
    app = await createTestApp();
    document = (await request(app.getHttpServer()).get('/api/openapi.json').expect(200)).body;
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['get', '/api/cycles/{year}/scorecards', '200', { type: 'array', items: { $ref: '#/components/schemas/ScorecardDto' } }],
    ['get', '/api/cycles/{year}/states/{iso3}/scorecard', '200', { $ref: '#/components/schemas/ScorecardDetailDto' }],
    ['get', '/api/cycles/{year}/groups/{group}/statistics', '200', { $ref: '#/components/schemas/GroupStatisticsDto' }],
    ['get', '/api/states/{iso3}/scorecards', '200', { type: 'array', items: { $ref: '#/components/schemas/ScorecardDto' } }],
    ['get', '/api/methodologies', '200', { type: 'array', items: { $ref: '#/components/schemas/MethodologyDto' } }],
    ['get', '/api/methodologies/{version}', '200', { $ref: '#/components/schemas/MethodologyDto' }],
    ['post', '/api/methodologies', '201', { $ref: '#/components/schemas/MethodologyDto' }],
    ['put', '/api/cycles/{year}/methodology', '200', { $ref: '#/components/schemas/CycleMethodologyDto' }],
  ])('%s %s documents its %s body', (method, path, status, schema) => {
    expect(document.paths[path][method].responses[status].content?.['application/json'].schema).toEqual(schema);
  });

  it('describes scorecards, their nullable indices and that nothing is rounded', () => {
    const scorecard = document.components.schemas.ScorecardDto;
    expect(scorecard.properties.verifiedIndex).toMatchObject({ type: 'number', nullable: true });
    expect(String(scorecard.properties.verifiedIndex.description)).toContain('not rounded');
    expect(scorecard.properties.tier).toMatchObject({ enum: ['Advanced', 'Established', 'Developing', 'Initial', 'Minimal'], nullable: true });
    expect(scorecard.properties.categories).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/CategorySubIndexDto' } });
    const detail = document.components.schemas.ScorecardDetailDto;
    expect(detail.properties.contributions).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/ContributionDto' } });
  });
});
