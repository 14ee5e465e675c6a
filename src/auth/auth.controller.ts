import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import {
  AccessTokenDto,
  ApiTokenDto,
  ChangePasswordDto,
  CreatedApiTokenDto,
  CreateApiTokenDto,
  LoginDto,
} from './dto/auth.dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@ApiErrors()
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Sign in with email and password; returns a short-lived bearer token' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-in attempts from this address; wait a minute' })
  login(@Body() body: LoginDto): Promise<AccessTokenDto> {
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.get(user.id);
  }

  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your password; every token issued before stops working, a new one is returned' })
  @ApiOkResponse({ type: AccessTokenDto })
  changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<AccessTokenDto> {
    return this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Post('tokens')
  @ApiOperation({ summary: 'Create a personal API token for scripts; the secret is shown only in this response' })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  createToken(@CurrentUser() user: AuthUser, @Body() body: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.auth.createApiToken(user, body);
  }

  @Get('tokens')
  @ApiOperation({ summary: 'Your personal API tokens (without their secrets)' })
  @ApiOkResponse({ type: [ApiTokenDto] })
  listTokens(@CurrentUser() user: AuthUser): Promise<ApiTokenDto[]> {
    return this.auth.listApiTokens(user);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a personal API token (your own; admins may revoke any)' })
  @ApiNoContentResponse()
  revokeToken(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.auth.revokeApiToken(user, id);
  }
}
