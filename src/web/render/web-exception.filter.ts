import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { sessionCookie } from '../session/session';
import { errorBodyOf } from './form-problems';
import { Pages, WebRequest } from './pages';

const TITLES: Record<number, string> = {
  400: 'The request was not understood',
  403: 'You may not see this page',
  404: 'Page not found',
  409: 'That cannot be done now',
  413: 'The file is too large',
  415: 'This type of file is not accepted',
  429: 'Too many attempts',
  503: 'The service is unavailable',
};

/**
 * Errors on pages become pages: not signed in redirects to the sign-in page (and back afterwards); anything else
 * is an error page with the API's own message and status. Unexpected errors are logged by the API's filter.
 */
@Catch()
@Injectable()
export class WebExceptionFilter implements ExceptionFilter {
  constructor(private readonly pages: Pages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    const body = errorBodyOf(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (body.statusCode === 401) {
      const next = request.method === 'GET' ? `&next=${encodeURIComponent(request.originalUrl)}` : '';
      const expired = sessionCookie(request) ? 'expired=1' : 'signin=1';
      response.redirect(request.method === 'GET' ? 302 : 303, `/login?${expired}${next}`);
      return;
    }
    const title = TITLES[body.statusCode] ?? (body.statusCode >= 500 ? 'Something went wrong' : 'The request could not be completed');
    this.pages.render(
      request,
      response,
      'error',
      {
        title,
        status: body.statusCode,
        message: body.message,
        code: body.code,
        fieldErrors: body.errors ?? [],
        requestId: body.statusCode >= 500 ? body.requestId : undefined,
      },
      body.statusCode,
    );
  }
}
