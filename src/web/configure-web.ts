import { join } from 'node:path';
import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RouteInfo } from '@nestjs/common/interfaces';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { WEB_CONTROLLERS } from './web-controllers';

export const WEB_ASSETS_DIR = join(__dirname, 'assets');

/** Cookies for the web sessions and the pages' stylesheet (/assets). Called by configureApp. */
export function configureWeb(app: NestExpressApplication): void {
  app.use(cookieParser());
  app.useStaticAssets(WEB_ASSETS_DIR, { prefix: '/assets/', index: false, maxAge: '1h', fallthrough: true });
}

/**
 * The pages' routes, read from the controllers' own metadata, to exclude from the global /api prefix. Page
 * paths must never match an API route's path (test/web/routes.e2e-spec.ts checks), or that route would
 * lose its prefix too.
 */
export function webRoutes(controllers: Type[] = WEB_CONTROLLERS): RouteInfo[] {
  return controllers.flatMap((controller) => {
    const base = paths(Reflect.getMetadata(PATH_METADATA, controller));
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
      if (typeof handler !== 'function' || name === 'constructor') return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || own === undefined) return [];
      return base.flatMap((prefix) => paths(own).map((path) => ({ path: joinPath(prefix, path), method })));
    });
  });
}

function paths(value: string | string[] | undefined): string[] {
  return Array.isArray(value) ? value : [value ?? '/'];
}

function joinPath(prefix: string, path: string): string {
  return `/${[prefix, path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
}
