import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { csrfTokenFor, SESSION_COOKIE } from '../../src/web/session/session';
import { TestUser } from '../helpers/auth';

/** The Cookie header of a signed-in browser: the session cookie holds an access token, as after POST /login. */
export function session(user: TestUser | undefined): Record<string, string> {
  return user ? { Cookie: `${SESSION_COOKIE}=${user.token}` } : {};
}

/** The CSRF token that the pages of this user's session carry. */
export function csrf(user: TestUser): string {
  return csrfTokenFor(user.token);
}

export function getPage(app: INestApplication, path: string, user?: TestUser): request.Test {
  return request(app.getHttpServer()).get(path).set(session(user));
}

/** A form post as a browser sends it: urlencoded, with the session cookie and the CSRF field. */
export function postForm(app: INestApplication, path: string, user: TestUser, fields: Record<string, string | string[]>): request.Test {
  return request(app.getHttpServer())
    .post(path)
    .set(session(user))
    .type('form')
    .send({ _csrf: csrf(user), ...fields });
}

/** Text of the page without tags, whitespace collapsed: for asserting what a person reads. */
export function text(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}
