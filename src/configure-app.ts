import { INestApplication, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { requestContextMiddleware } from './common/http/request-context';
import { Environment } from './config/environment';
import { setUpOpenApi } from './openapi';
import { configureWeb, webRoutes } from './web/configure-web';

/** Everything main.ts does to the app besides listening, shared with the tests so they run what production runs. */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  const config = app.get(ConfigService<Environment, true>);
  app.useLogger(app.get(Logger));
  app.use(requestContextMiddleware);
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
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
  // Web pages: session cookies and the stylesheet (src/web).
  configureWeb(express);
  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length > 0 ? origins : false, credentials: true });
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }, ...webRoutes()] });
  setUpOpenApi(app);
  app.enableShutdownHooks();
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
