import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthService } from '../../auth/auth.service';
import { ChangePasswordDto, CreateApiTokenDto, CreatedApiTokenDto } from '../../auth/dto/auth.dto';
import { TokensService } from '../../auth/tokens.service';
import { ApiError } from '../../common/errors/api-error';
import { WebSessionsService } from '../../auth/web-sessions.service';
import { UsersService } from '../../users/users.service';
import { FormProblem, formProblem, validated } from '../render/form-problems';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';
import { sessionCookie, SESSION_TTL_SECONDS } from '../session/session';

type Form = Record<string, string | undefined>;

/** What a failed form of the page shows again, beside its fields. */
interface FormState {
  form: 'password' | 'token';
  problem: FormProblem;
  values: Form;
}

/** Every signed-in user's own account: password and personal API tokens for scripts. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('account')
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly sessions: WebSessionsService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async show(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    await this.render(request, response);
  }

  /** A new password ends every session and token issued before; this browser gets a new session at once. */
  @Post('password')
  async changePassword(@Req() request: WebRequest, @Res() response: Response, @Body() form: Form): Promise<void> {
    try {
      if (form.newPassword !== form.confirmPassword) {
        throw ApiError.invalidField('confirmPassword', 'does not match the new password');
      }
      const input = await validated(ChangePasswordDto, { currentPassword: form.currentPassword ?? '', newPassword: form.newPassword ?? '' });
      const { accessToken } = await this.auth.changePassword(request.user!, input.currentPassword, input.newPassword);
      const claims = await this.tokens.verifyAccessToken(accessToken);
      if (!claims) throw new Error('A freshly issued access token did not verify');
      const old = sessionCookie(request);
      if (old) await this.sessions.end(old);
      this.pages.startSession(response, await this.sessions.start(claims.sub, claims.gen, SESSION_TTL_SECONDS));
      this.pages.redirect(response, '/account', 'password_changed');
    } catch (error) {
      // Passwords are never sent back into the page.
      await this.render(request, response, { form: 'password', problem: formProblem(error, request), values: {} });
    }
  }

  /** The secret is shown on this one answer only (never stored, never cached). */
  @Post('tokens')
  async createToken(@Req() request: WebRequest, @Res() response: Response, @Body() form: Form): Promise<void> {
    try {
      const input = await validated(CreateApiTokenDto, {
        name: form.name ?? '',
        expiresInDays: form.expiresInDays ? Number(form.expiresInDays) : undefined,
      });
      const created = await this.auth.createApiToken(request.user!, input);
      response.setHeader('Cache-Control', 'no-store');
      await this.render(request, response, undefined, created);
    } catch (error) {
      await this.render(request, response, { form: 'token', problem: formProblem(error, request), values: form });
    }
  }

  @Post('tokens/:id/revoke')
  async revokeToken(@Req() request: WebRequest, @Res() response: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.auth.revokeApiToken(request.user!, id);
    this.pages.redirect(response, '/account', 'token_revoked');
  }

  private async render(request: WebRequest, response: Response, failed?: FormState, created?: CreatedApiTokenDto): Promise<void> {
    const user = request.user!;
    const [account, tokens] = await Promise.all([this.users.get(user.id), this.auth.listApiTokens(user)]);
    const stateOf = (name: FormState['form']) => (failed?.form === name ? failed : undefined);
    this.pages.render(
      request,
      response,
      'account/index',
      {
        title: 'Your account',
        account,
        tokens: tokens.map((t) => ({ ...t, active: !t.revokedAt && (!t.expiresAt || new Date(t.expiresAt) > new Date()) })),
        created,
        password: { problem: stateOf('password')?.problem, errors: stateOf('password')?.problem.fields ?? {} },
        token: { problem: stateOf('token')?.problem, errors: stateOf('token')?.problem.fields ?? {}, values: stateOf('token')?.values ?? {} },
      },
      failed?.problem.status ?? (created ? 201 : 200),
    );
  }
}
