import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { AuthUser } from '../../auth/auth-user';
import { Environment } from '../../config/environment';
import {
  cookieOptions,
  csrfTokenFor,
  newPresessionSecret,
  PRESESSION_COOKIE,
  presessionCookie,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  sessionCookie,
  SessionRequest,
} from '../session/session';
import { label } from './view-helpers';
import { Views } from './views';

export type WebRequest = SessionRequest & { user?: AuthUser };

/** What a view gets: its title, anything it shows, and optionally the CSRF token of an anonymous form. */
export interface PageModel {
  title: string;
  csrf?: string;
  [key: string]: unknown;
}

interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

/** Messages shown after a redirect (?notice=code): fixed texts, so a link can never inject words into a page. */
const NOTICES: Record<string, string> = {
  saved: 'Your changes were saved.',
  submitted: 'The self-assessment was submitted for review.',
  signed_out: 'You are signed out.',
  reviewed: 'The review was saved.',
  accepted: 'The assessment was accepted.',
  changes_requested: 'Changes were requested from the state.',
  evidence_added: 'The evidence was attached.',
  evidence_judged: 'The evidence was judged.',
  commented: 'Your comment was added.',
  user_created: 'The user was created.',
  user_updated: 'The user was updated.',
  password_set: 'The password was reset; the user’s sessions and tokens stopped working.',
  cycle_opened: 'The cycle was opened.',
  cycle_status: 'The cycle status was changed.',
  cycle_published: 'The cycle was published. Its scorecards are now public and frozen; its reports and open data are being stored (see below).',
  erratum_published: 'The erratum was published as a new version; its files are being stored.',
  methodology_set: 'The cycle’s methodology was changed.',
  methodology_created: 'The methodology version was created.',
  password_changed: 'Your password was changed. Your other sessions and tokens issued before stopped working.',
  token_revoked: 'The API token was revoked.',
};

/** Renders pages inside the layout with what every page needs: the user, the navigation, the CSRF token. */
@Injectable()
export class Pages {
  constructor(
    private readonly views: Views,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  render(request: WebRequest, response: Response, view: string, model: PageModel, status = 200): void {
    this.send(request, response, model, this.views.body(view, this.context(request, model)), status);
  }

  /** The body of a view for this model, to keep when it is the same for every reader (see frozen-bodies.ts). */
  body(request: WebRequest, view: string, model: PageModel): string {
    return this.views.body(view, this.context(request, model));
  }

  /** A page from a body rendered before. */
  send(request: WebRequest, response: Response, model: PageModel, body: string, status = 200): void {
    const user = request.user;
    const html = this.views.inLayout(this.context(request, model), body);
    // Pages run no inline script: drop the 'unsafe-inline' that the API's CSP keeps for Swagger UI.
    const csp = response.getHeader('Content-Security-Policy');
    if (typeof csp === 'string') response.setHeader('Content-Security-Policy', csp.replace("script-src 'self' 'unsafe-inline'", "script-src 'self'"));
    response.setHeader('Cache-Control', user ? 'no-store' : 'no-cache');
    response.status(status).type('html').send(html);
  }

  private context(request: WebRequest, model: PageModel): PageModel {
    const user = request.user;
    return {
      ...model,
      site: {
        user: user && { name: user.name, email: user.email, role: user.role, roleLabel: label(user.role) },
        nav: navigation(user, request.path),
        csrf: model.csrf ?? this.sessionCsrf(request),
        notice: NOTICES[String(request.query.notice ?? '')],
      },
    };
  }

  /** 303 after a successful form, so reloading the next page never repeats the action. */
  redirect(response: Response, location: string, notice?: keyof typeof NOTICES & string): void {
    const [path, fragment] = location.split('#');
    const url = notice ? `${path}${path.includes('?') ? '&' : '?'}notice=${notice}` : path;
    response.redirect(303, fragment === undefined ? url : `${url}#${fragment}`);
  }

  sessionCsrf(request: WebRequest): string {
    const session = request.sessionAuthenticated ? sessionCookie(request) : undefined;
    return session ? csrfTokenFor(session) : '';
  }

  /** The CSRF token of a form shown before sign-in, from a random per-browser cookie set here if missing. */
  anonymousCsrf(request: WebRequest, response: Response): string {
    let secret = presessionCookie(request);
    if (!secret) {
      secret = newPresessionSecret();
      response.cookie(PRESESSION_COOKIE, secret, cookieOptions(this.secureCookies()));
    }
    return csrfTokenFor(secret);
  }

  startSession(response: Response, accessToken: string): void {
    response.cookie(SESSION_COOKIE, accessToken, cookieOptions(this.secureCookies(), SESSION_TTL_SECONDS));
    response.clearCookie(PRESESSION_COOKIE, cookieOptions(this.secureCookies()));
  }

  endSession(response: Response): void {
    response.clearCookie(SESSION_COOKIE, cookieOptions(this.secureCookies()));
    response.clearCookie(PRESESSION_COOKIE, cookieOptions(this.secureCookies()));
  }

  private secureCookies(): boolean {
    return this.config.get('NODE_ENV', { infer: true }) === 'production';
  }
}

function navigation(user: AuthUser | undefined, path: string): NavLink[] {
  const links: Array<[string, string]> = [['/', 'Results'], ['/find', 'States'], ['/compare', 'Compare'], ['/methodology', 'Methodology']];
  if (user?.role === 'state_official') links.push(['/self-assessment', 'Self-assessment']);
  if (user?.role === 'reviewer' || user?.role === 'admin') links.push(['/review', 'Review']);
  if (user?.role === 'reviewer') links.push(['/admin/import', 'Import']);
  if (user && user.role !== 'viewer') links.push(['/audit-trail', 'Audit trail']);
  if (user?.role === 'admin') links.push(['/admin', 'Administration']);
  return links.map(([href, text]) => ({
    href,
    label: text,
    current: href === '/' ? path === '/' || path.startsWith('/results') : path === href || path.startsWith(`${href}/`),
  }));
}

/** Where to go after signing in: a local path only (never another site), else the role's home. */
export function safeNext(next: unknown, user: { role: string }): string {
  if (typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login')) return next;
  return homeOf(user.role);
}

export function homeOf(role: string): string {
  if (role === 'state_official') return '/self-assessment';
  if (role === 'reviewer') return '/review';
  if (role === 'admin') return '/admin';
  return '/';
}
