import { INestApplication } from '@nestjs/common';
import JSZip from 'jszip';
import request from 'supertest';
import { TestUser, bearer } from '../helpers/auth';
import { binary } from '../helpers/binary';
import { pdfPages } from '../helpers/pdf-pages';
import { session } from '../web/web-helpers';

/** Values to put in place of path parameters, by parameter name. */
export type ParamValues = Record<string, string[]>;

/** Every way of filling a path template's {name} or :name parameters with the given values. */
export function expandPath(template: string, values: ParamValues): string[] {
  const match = /\{(\w+)\}|:(\w+)/.exec(template);
  if (!match) return [template];
  const name = match[1] ?? match[2];
  const options = values[name];
  if (!options) throw new Error(`No test values for path parameter "${name}" of ${template}`);
  return options.flatMap((value) =>
    expandPath(template.slice(0, match.index) + encodeURIComponent(value) + template.slice(match.index + match[0].length), values),
  );
}

/** The GET page routes the Express app serves (everything outside /api), as path templates. */
export function pageRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  return [
    ...new Set(
      stack
        .filter((layer) => layer.route?.methods?.get)
        .map((layer) => layer.route!.path)
        .filter((path) => !path.startsWith('/api') && !path.startsWith('/health') && !path.startsWith('/assets')),
    ),
  ];
}

interface Layer {
  route?: { path: string; methods?: Record<string, boolean> };
}

/** The text a reader could get out of a response: PDF text, every part of an XLSX (zip), or the body as text. */
export async function readableText(response: request.Response): Promise<string> {
  const type = String(response.headers['content-type'] ?? '');
  const body: Buffer = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.text ?? '');
  if (type.includes('pdf') && body.subarray(0, 4).toString() === '%PDF') {
    return (await pdfPages(body)).pages.join('\n') + body.toString('latin1');
  }
  if (body.subarray(0, 2).toString() === 'PK') {
    const zip = await JSZip.loadAsync(body);
    const parts = await Promise.all(Object.values(zip.files).map((file) => file.async('string')));
    return parts.join('\n');
  }
  return body.toString('utf8') + JSON.stringify(response.headers);
}

/** GET as an API client (bearer) or a browser (session cookie), keeping the raw bytes. */
export function fetchAs(app: INestApplication, path: string, user: TestUser | undefined, as: 'api' | 'page'): request.Test {
  return request(app.getHttpServer())
    .get(path)
    .set(as === 'api' ? bearer(user) : session(user))
    .buffer(true)
    .parse(binary);
}

/** The canaries found in a text. */
export function canariesIn(text: string, canaries: string[]): string[] {
  return canaries.filter((canary) => text.includes(canary));
}
