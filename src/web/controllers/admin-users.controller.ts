import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/roles.decorator';
import { CyclesService } from '../../cycles/cycles.service';
import { CreateUserDto, SetPasswordDto, UpdateUserDto, UserDto } from '../../users/dto/user.dto';
import { ROLES } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';
import { FormProblem, formProblem, validated } from '../render/form-problems';
import { Pages, WebRequest } from '../render/pages';
import { label } from '../render/view-helpers';
import { WebExceptionFilter } from '../render/web-exception.filter';

type Form = Record<string, string | undefined>;

/** Administration home and accounts: users, their roles and the states officials act for. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('admin')
@Controller('admin')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly cycles: CyclesService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async index(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const [users, cycles] = await Promise.all([this.users.list({}), this.cycles.list(request.user)]);
    this.pages.render(request, response, 'admin/index', {
      title: 'Administration',
      userCount: users.length,
      openCycles: cycles.filter((c) => c.status !== 'published'),
      cycleCount: cycles.length,
    });
  }

  @Get('users')
  async list(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    await this.showList(request, response);
  }

  @Post('users')
  async create(@Req() request: WebRequest, @Res() response: Response, @Body() form: Form): Promise<void> {
    try {
      const states = parseStates(form.states);
      const input = await validated(CreateUserDto, {
        email: form.email ?? '',
        name: form.name ?? '',
        role: form.role ?? '',
        password: form.password ?? '',
        states: states.length > 0 ? states : undefined,
      });
      const user = await this.users.create(input, request.user!);
      this.pages.redirect(response, `/admin/users/${user.id}`, 'user_created');
    } catch (error) {
      // The password is never sent back into the page.
      await this.showList(request, response, formProblem(error, request), { ...form, password: '' });
    }
  }

  @Get('users/:id')
  async edit(@Req() request: WebRequest, @Res() response: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    const user = await this.users.get(id);
    this.showUser(request, response, user, formOf(user));
  }

  @Post('users/:id')
  async update(@Req() request: WebRequest, @Res() response: Response, @Param('id', new ParseUUIDPipe()) id: string, @Body() form: Form): Promise<void> {
    try {
      const input = await validated(UpdateUserDto, {
        version: Number(form.version),
        name: form.name ?? '',
        role: form.role ?? '',
        states: parseStates(form.states),
        disabled: form.disabled === 'on',
      });
      await this.users.update(id, input, request.user!);
      this.pages.redirect(response, `/admin/users/${id}`, 'user_updated');
    } catch (error) {
      this.showUser(request, response, await this.users.get(id), { ...form, disabled: form.disabled === 'on' ? 'on' : '' }, formProblem(error, request));
    }
  }

  @Post('users/:id/password')
  async password(@Req() request: WebRequest, @Res() response: Response, @Param('id', new ParseUUIDPipe()) id: string, @Body() form: Form): Promise<void> {
    try {
      const input = await validated(SetPasswordDto, { password: form.password ?? '' });
      await this.users.setPassword(id, input.password, request.user!);
      this.pages.redirect(response, `/admin/users/${id}`, 'password_set');
    } catch (error) {
      const user = await this.users.get(id);
      this.showUser(request, response, user, formOf(user), undefined, formProblem(error, request));
    }
  }

  private async showList(request: WebRequest, response: Response, problem?: FormProblem, form: Form = { role: 'viewer' }): Promise<void> {
    const users = await this.users.list({});
    this.pages.render(
      request,
      response,
      'admin/users',
      {
        title: 'Users',
        users,
        form,
        roles: roleOptions(form.role),
        problem,
        errors: problem?.fields ?? {},
      },
      problem?.status ?? 200,
    );
  }

  private showUser(request: WebRequest, response: Response, user: UserDto, form: Form, problem?: FormProblem, passwordProblem?: FormProblem): void {
    this.pages.render(
      request,
      response,
      'admin/user',
      {
        title: `User ${user.email}`,
        user,
        form,
        roles: roleOptions(form.role),
        problem,
        errors: problem?.fields ?? {},
        passwordProblem,
        passwordErrors: passwordProblem?.fields ?? {},
        self: user.id === request.user!.id,
      },
      (problem ?? passwordProblem)?.status ?? 200,
    );
  }
}

function formOf(user: UserDto): Form {
  return { version: String(user.version), name: user.name, role: user.role, states: user.states.join(', '), disabled: user.disabled ? 'on' : '' };
}

function roleOptions(selected: string | undefined) {
  return ROLES.map((role) => ({ value: role, label: label(role), selected: role === selected }));
}

/** "fra, DEU;ITA" -> ["FRA", "DEU", "ITA"]; the API's DTO then checks each code. */
function parseStates(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}
