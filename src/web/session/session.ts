import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { CookieOptions, Request } from 'express';
import { ApiError } from '../../common/errors/api-error';

// Browser sessions. The session cookie holds an access token from TokensService (longer-lived than the API's),
// so the one global guard resolves it exactly like a bearer token: same user lookup, roles, revocation.
// Every unsafe request authenticated by the cookie must carry a CSRF token derived from that token.

export const SESSION_COOKIE = 'cnt_session';
/** Random per-browser secret for forms shown before sign-in (the login form), so they carry a CSRF token too. */
export const PRESESSION_COOKIE = 'cnt_presession';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

/**
 * Metadata of handlers whose multipart body is only parsed after the guard (file uploads): the guard leaves the
 * CSRF check to CsrfAfterUploadInterceptor, which runs right after the file interceptor. Set by @MultipartForm().
 */
export const CSRF_AFTER_UPLOAD = 'web:csrf-after-upload';

export interface SessionRequest extends Request {
  /** True when the user was resolved from the session cookie (not from an Authorization header). */
  sessionAuthenticated?: boolean;
}

export function sessionCookie(request: Request): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function presessionCookie(request: Request): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[PRESESSION_COOKIE];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function newPresessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function isUnsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * The synchronizer token of a session: an HMAC keyed by the session's secret (the signed token in the httpOnly
 * cookie). A page from another site can neither read the cookie nor compute the token; the token in a page
 * reveals nothing about the cookie. It changes with every sign-in.
 */
export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update('cnt-csrf-v1').digest('base64url');
}

export function presentedCsrfToken(request: Request): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string' && header.length > 0) return header;
  const field = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

export function csrfMatches(secret: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(secret));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function csrfError(): ApiError {
  return new ApiError(
    HttpStatus.FORBIDDEN,
    'CSRF_FAILED',
    'The form has expired or did not come from this site: reload the page and try again (API calls made with the session cookie must send the X-CSRF-Token header)',
  );
}

/** Throws 403 CSRF_FAILED unless the request carries the token of this secret (header, or form field). */
export function assertCsrf(request: Request, secret: string): void {
  if (!csrfMatches(secret, presentedCsrfToken(request))) throw csrfError();
}

export function cookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds * 1000 }),
  };
}
