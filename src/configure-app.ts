import { INestApplication, RequestMethod } from '@nestjs/common';
import type { Express } from 'express';
import { ConfigService } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { requestContextMiddleware } from './common/http/request-context';
import { Environment } from './config/environment';
import { Lifecycle } from './lifecycle/lifecycle.service';
import { metricsHandler } from './metrics/metrics.handler';
import { requestMetricsMiddleware } from './metrics/request-metrics.middleware';
import { setUpOpenApi } from './openapi';
import { configureWeb, webRoutes } from './web/configure-web';

/** Everything main.ts does to the app besides listening, shared with the tests so they run what production runs. */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  const config = app.get(ConfigService<Environment, true>);
  app.useLogger(app.get(Logger));
  app.use(requestContextMiddleware);
  app.use(requestMetricsMiddleware);
  const lifecycle = app.get(Lifecycle);
  // While draining, every answer closes its connection, so keep-alive clients reconnect to another instance.
  app.use((_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (lifecycle.draining) response.setHeader('Connection', 'close');
    next();
  });
  express.disable('x-powered-by');
  express.set('trust proxy', config.get('TRUST_PROXY', { infer: true }).split(',').map((entry) => entry.trim()).filter(Boolean));
  express.useBodyParser('json', { limit: '1mb', reviver: refuseUnsafeJson });
  express.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.use(
    helmet({
      // Swagger UI needs inline styles and scripts; the API itself serves JSON.
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  // Prometheus text, outside Nest's routes: the scraper's bearer token is not a user's (see metrics.handler.ts).
  (express.getHttpAdapter().getInstance() as Express).get('/metrics', metricsHandler(app));
  // Web pages: session cookies and the stylesheet (src/web).
  configureWeb(express);
  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length > 0 ? origins : false, credentials: true });
  const health = ['health', 'health/live', 'health/ready'].map((path) => ({ path, method: RequestMethod.GET }));
  app.setGlobalPrefix('api', { exclude: [...health, ...webRoutes()] });
  setUpOpenApi(app);
  // Signals are handled by main.ts (lifecycle/graceful-shutdown.ts): drain first, then close.
  return app;
}

/**
 * Refused while parsing, so they come back as 400 BAD_REQUEST naming the problem: lone UTF-16 surrogates (\ud800), which
 * are not text (validators choke on them with a URIError; Postgres would store U+FFFD), and the keys
 * `__proto__`, `constructor` and `prototype`, which class-transformer drops silently where every other
 * unknown field is refused.
 */
function refuseUnsafeJson(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new SyntaxError(`the key "${key}" is not allowed`);
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) throw new SyntaxError('the text holds a lone UTF-16 surrogate, which is not valid Unicode');
  return value;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
