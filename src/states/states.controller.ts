import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { Public } from '../auth/public.decorator';
import { GroupDetailDto, GroupDto, StateDto, StateListQueryDto } from './dto/state.dto';
import { CreateGroupDto, CreateStateDto, SetGroupMembersDto } from './dto/state-write.dto';
import { StateAdminService } from './state-admin.service';
import { StatesService } from './states.service';

@ApiTags('states')
@ApiErrors()
@Controller()
export class StatesController {
  constructor(
    private readonly states: StatesService,
    private readonly admin: StateAdminService,
  ) {}

  @Get('states')
  @Public()
  @ApiOperation({ summary: 'States and other entities, filtered by group and searched by name or ISO code' })
  @ApiOkResponse({ type: [StateDto] })
  list(@Query() query: StateListQueryDto): Promise<StateDto[]> {
    return this.states.list(query);
  }

  @Get('states/:iso3')
  @Public()
  @ApiOperation({ summary: 'One state with the groups it belongs to' })
  @ApiOkResponse({ type: StateDto })
  get(@Param('iso3') iso3: string): Promise<StateDto> {
    return this.states.get(iso3);
  }

  @Get('groups')
  @Public()
  @ApiOperation({ summary: 'Groups of states: UN, UN regional groups, organisations and user-defined groups' })
  @ApiOkResponse({ type: [GroupDto] })
  listGroups(): Promise<GroupDto[]> {
    return this.states.listGroups();
  }

  @Get('groups/:code')
  @Public()
  @ApiOperation({ summary: 'One group with its members' })
  @ApiOkResponse({ type: GroupDetailDto })
  getGroup(@Param('code') code: string): Promise<GroupDetailDto> {
    return this.states.getGroup(code);
  }

  @Post('states')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add an entity that is not a UN Member State, e.g. Kosovo (admin)' })
  @ApiCreatedResponse({ type: StateDto })
  createState(@Body() body: CreateStateDto, @CurrentUser() actor: AuthUser): Promise<StateDto> {
    return this.admin.createState(body, actor);
  }

  @Post('groups')
  @Roles('admin', 'reviewer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Define a custom group of states, e.g. "states reviewed by our NGO in 2026"' })
  @ApiCreatedResponse({ type: GroupDetailDto })
  createGroup(@Body() body: CreateGroupDto, @CurrentUser() actor: AuthUser): Promise<GroupDetailDto> {
    return this.admin.createGroup(body, actor);
  }

  @Put('groups/:code/members')
  @Roles('admin', 'reviewer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Replace the members of a custom group' })
  @ApiOkResponse({ type: GroupDetailDto })
  setMembers(@Param('code') code: string, @Body() body: SetGroupMembersDto, @CurrentUser() actor: AuthUser): Promise<GroupDetailDto> {
    return this.admin.setMembers(code.toUpperCase(), body.members, actor);
  }

  @Delete('groups/:code')
  @Roles('admin', 'reviewer')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a custom group' })
  @ApiNoContentResponse()
  deleteGroup(@Param('code') code: string, @CurrentUser() actor: AuthUser): Promise<void> {
    return this.admin.deleteGroup(code.toUpperCase(), actor);
  }
}
