import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { CreateUserDto, SetPasswordDto, UpdateUserDto, UserDto, UserListQueryDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiErrors()
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users, filtered by role or by the state an official acts for (admin)' })
  @ApiOkResponse({ type: [UserDto] })
  list(@Query() query: UserListQueryDto): Promise<UserDto[]> {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() body: CreateUserDto, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return this.users.create(body, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admin)' })
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, role, states or disable a user (admin); send the version you read' })
  @ApiOkResponse({ type: UserDto })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<UserDto> {
    return this.users.update(id, body, actor);
  }

  @Put(':id/password')
  @HttpCode(204)
  @ApiOperation({ summary: "Reset a user's password (admin); their tokens stop working" })
  @ApiNoContentResponse()
  setPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SetPasswordDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<void> {
    return this.users.setPassword(id, body.password, actor);
  }
}
