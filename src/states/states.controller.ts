import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { Public } from '../auth/public.decorator';
import { GroupDetailDto, GroupDto, StateDto, StateListQueryDto } from './dto/state.dto';
import { StatesService } from './states.service';

@ApiTags('states')
@ApiErrors()
@Controller()
export class StatesController {
  constructor(private readonly states: StatesService) {}

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
}
