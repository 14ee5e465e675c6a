import { createHash } from 'node:crypto';
import { Body, Controller, ExecutionContext, Get, Injectable, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { AuthService } from '../../auth/auth.service';
import { LoginDto } from '../../auth/dto/auth.dto';
import { Public } from '../../auth/public.decorator';
import { TokensService } from '../../auth/tokens.service';
import { WebSessionsService } from '../../auth/web-sessions.service';
import { formProblem, validated } from '../render/form-problems';
import { Pages, safeNext, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';
import { assertCsrf, presessionCookie, sessionCookie, SESSION_TTL_SECONDS } from '../session/session';

/** The web sign-in shares the API sign-in's attempt budget per address (same throttler key as POST /api/auth/login). */
@Injectable()
export class SharedLoginThrottlerGuard extends ThrottlerGuard {
  protected generateKey(_context: ExecutionContext, suffix: string, name: string): string {
    return createHash('sha256').update(`AuthController-login-${name}-${suffix}`).digest('hex');
  }
}

interface LoginForm {
  email?: string;
  password?: string;
  next?: string;
  _csrf?: string;
}

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Public()
@Controller()
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokensService,
    private readonly sessions: WebSessionsService,
    private readonly pages: Pages,
  ) {}

  @Get('login')
  loginPage(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Query('next') next?: string,
    @Query('expired') expired?: string,
    @Query('signin') signin?: string,
  ): void {
    if (request.user) return response.redirect(302, safeNext(next, request.user));
    const message = expired ? 'Your session has ended. Sign in again to continue.' : signin ? 'Sign in to see this page.' : undefined;
    this.renderLogin(request, response, { email: '', next: next ?? '' }, message ? { message, fields: {} } : undefined, 200);
  }

  @Post('login')
  @UseGuards(SharedLoginThrottlerGuard)
  async login(@Req() request: WebRequest, @Res() response: Response, @Body() form: LoginForm): Promise<void> {
    const kept = { email: typeof form.email === 'string' ? form.email : '', next: typeof form.next === 'string' ? form.next : '' };
    try {
      // Before sign-in the form's token comes from the pre-session cookie (the guard checks signed-in sessions).
      if (!request.sessionAuthenticated) assertCsrf(request, presessionCookie(request) ?? '');
      const input = await validated(LoginDto, { email: form.email, password: form.password });
      const { accessToken, user } = await this.auth.login(input.email, input.password);
      // Same user and token generation as the API token just issued, with the session's lifetime and its own row.
      const claims = await this.tokens.verifyAccessToken(accessToken);
      if (!claims) throw new Error('A freshly issued access token did not verify');
      this.pages.startSession(response, await this.sessions.start(claims.sub, claims.gen, SESSION_TTL_SECONDS));
      response.redirect(303, safeNext(kept.next, user));
    } catch (error) {
      const problem = formProblem(error, request);
      this.renderLogin(request, response, kept, problem, problem.status);
    }
  }

  /** Public, so that an expired session can still sign out; a live session needs its CSRF token (the guard checks). */
  @Post('logout')
  async logout(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    // Ended on the server too: a copy of the cookie (another tab, a shared computer) no longer signs anyone in.
    const token = sessionCookie(request);
    if (token) await this.sessions.end(token);
    this.pages.endSession(response);
    this.pages.redirect(response, '/', 'signed_out');
  }

  private renderLogin(
    request: WebRequest,
    response: Response,
    form: { email: string; next: string },
    problem: { message: string; fields: Record<string, string[]> } | undefined,
    status: number,
  ): void {
    this.pages.render(
      request,
      response,
      'login',
      { title: 'Sign in', form, problem, errors: problem?.fields ?? {}, csrf: this.pages.anonymousCsrf(request, response) },
      status,
    );
  }
}
