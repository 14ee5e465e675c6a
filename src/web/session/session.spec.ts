import type { Request } from 'express';
import { assertCsrf, cookieOptions, csrfMatches, csrfTokenFor, isUnsafeMethod } from './session';

describe('web session helpers', () => {
  it('marks cookies Secure only when asked (production), always httpOnly and SameSite=Lax', () => {
    expect(cookieOptions(true, 60)).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAge: 60_000 });
    expect(cookieOptions(false)).toEqual({ httpOnly: true, sameSite: 'lax', secure: false, path: '/' });
  });

  it('derives a different token for every session secret, and checks it in constant time', () => {
    expect(csrfTokenFor('a')).not.toBe(csrfTokenFor('b'));
    expect(csrfMatches('a', csrfTokenFor('a'))).toBe(true);
    expect(csrfMatches('a', csrfTokenFor('b'))).toBe(false);
    expect(csrfMatches('a', undefined)).toBe(false);
    expect(csrfMatches('a', 'short')).toBe(false);
  });

  it('takes the token from the X-CSRF-Token header or the _csrf form field', () => {
    const token = csrfTokenFor('secret');
    expect(() => assertCsrf({ headers: { 'x-csrf-token': token }, body: {} } as unknown as Request, 'secret')).not.toThrow();
    expect(() => assertCsrf({ headers: {}, body: { _csrf: token } } as unknown as Request, 'secret')).not.toThrow();
    expect(() => assertCsrf({ headers: {}, body: {} } as unknown as Request, 'secret')).toThrow(/form has expired/);
  });

  it('treats everything but GET, HEAD and OPTIONS as unsafe', () => {
    expect(['GET', 'HEAD', 'OPTIONS', 'get'].map(isUnsafeMethod)).toEqual([false, false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(isUnsafeMethod)).toEqual([true, true, true, true]);
  });
});
