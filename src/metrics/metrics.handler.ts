import { timingSafeEqual } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Request, Response } from 'express';
import { Environment } from '../config/environment';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics for Prometheus, behind METRICS_TOKEN (`Authorization: Bearer <token>`; Prometheus's
 * `authorization.credentials_file`). An Express handler rather than a controller: the global guard would read
 * the bearer token as a user's. Without METRICS_TOKEN the endpoint does not exist (404).
 */
export function metricsHandler(app: INestApplication): (request: Request, response: Response) => void {
  const token = app.get(ConfigService<Environment, true>).get('METRICS_TOKEN', { infer: true });
  return (request, response) => {
    if (!token) {
      response.status(404).json({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'Metrics are off: set METRICS_TOKEN' });
      return;
    }
    const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(sent, token)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      response.status(401).json({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED', message: 'Send Authorization: Bearer <METRICS_TOKEN>' });
      return;
    }
    const metrics = app.get(MetricsService);
    metrics.text().then(
      (text) => response.type(metrics.contentType()).send(text),
      () => response.status(500).json({ statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: 'Metrics could not be collected' }),
    );
  };
}

function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
