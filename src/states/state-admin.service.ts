import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { GroupDetailDto, StateDto } from './dto/state.dto';
import { CreateGroupDto, CreateStateDto } from './dto/state-write.dto';
import { StatesService } from './states.service';

/** Writes to states and groups: entities added by admins, and user-defined (custom) groups. */
@Injectable()
export class StateAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly states: StatesService,
    private readonly audit: AuditService,
  ) {}

  async createState(input: CreateStateDto, actor: AuthUser): Promise<StateDto> {
    await this.dataSource.transaction(async (manager) => {
      const clash = await manager.query('SELECT iso3 FROM state WHERE iso3 = $1 OR ($2::text IS NOT NULL AND iso2 = $2)', [
        input.iso3,
        input.iso2 ?? null,
      ]);
      if (clash.length > 0) throw ApiError.conflict('STATE_EXISTS', `A state with code ${input.iso3}${input.iso2 ? ` or ${input.iso2}` : ''} already exists`);
      await manager.query(
        `INSERT INTO state (iso3, iso2, numeric_code, name, un_status, un_regional_group, origin)
         VALUES ($1, $2, $3, $4, $5, NULL, 'admin')`,
        [input.iso3, input.iso2 ?? null, input.numericCode ?? null, input.name, input.unStatus ?? 'non-member'],
      );
      for (const group of input.groups ?? []) await this.addMember(manager, group, input.iso3);
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'state.created',
        entityType: 'state',
        entityId: input.iso3,
        stateIso3: input.iso3,
        after: { ...input },
      });
    });
    return this.states.get(input.iso3);
  }

  async createGroup(input: CreateGroupDto, actor: AuthUser): Promise<GroupDetailDto> {
    await this.dataSource.transaction(async (manager) => {
      const clash = await manager.query('SELECT 1 FROM state_group WHERE code = $1', [input.code]);
      if (clash.length > 0) throw ApiError.conflict('GROUP_EXISTS', `A group with code ${input.code} already exists`);
      await manager.query(`INSERT INTO state_group (code, name, kind, source) VALUES ($1, $2, 'custom', $3)`, [
        input.code,
        input.name,
        input.source ?? `Defined by ${actor.email}`,
      ]);
      await this.replaceMembers(manager, input.code, input.members);
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'group.created',
        entityType: 'group',
        entityId: input.code,
        after: { name: input.name, members: input.members },
      });
    });
    return this.states.getGroup(input.code);
  }

  async setMembers(code: string, members: string[], actor: AuthUser): Promise<GroupDetailDto> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.requireCustomGroup(manager, code);
      await this.replaceMembers(manager, code, members);
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'group.members_changed',
        entityType: 'group',
        entityId: code,
        before: { members: before.members },
        after: { members },
      });
    });
    return this.states.getGroup(code);
  }

  async deleteGroup(code: string, actor: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.requireCustomGroup(manager, code);
      const used = await manager.query('SELECT code FROM framework WHERE applicability_group = $1 LIMIT 1', [code]);
      if (used.length > 0) throw ApiError.conflict('GROUP_IN_USE', `Group ${code} is the applicability group of framework ${used[0].code}`);
      await manager.query('DELETE FROM state_group WHERE code = $1', [code]);
      await this.audit.record(manager, { actorUserId: actor.id, action: 'group.deleted', entityType: 'group', entityId: code, before });
    });
  }

  /** Locks the group row, so concurrent edits of one group run one after the other. */
  private async requireCustomGroup(manager: EntityManager, code: string): Promise<{ members: string[] }> {
    const rows: Array<{ kind: string }> = await manager.query('SELECT kind FROM state_group WHERE code = $1 FOR UPDATE', [code]);
    if (rows.length === 0) throw ApiError.notFound('Group', code);
    if (rows[0].kind !== 'custom') {
      throw ApiError.conflict('CATALOGUE_GROUP', `Group ${code} comes from the catalogue; change it in the catalogue files`);
    }
    const members: Array<{ state_iso3: string }> = await manager.query(
      'SELECT state_iso3 FROM group_membership WHERE group_code = $1 ORDER BY state_iso3',
      [code],
    );
    return { members: members.map((m) => m.state_iso3) };
  }

  private async replaceMembers(manager: EntityManager, code: string, members: string[]): Promise<void> {
    const known: Array<{ iso3: string }> = await manager.query('SELECT iso3 FROM state WHERE iso3 = ANY($1)', [members]);
    const unknown = members.filter((iso3) => !known.some((k) => k.iso3 === iso3));
    if (unknown.length > 0) throw ApiError.invalidField('members', `unknown state(s): ${unknown.join(', ')}`);
    await manager.query('DELETE FROM group_membership WHERE group_code = $1 AND NOT (state_iso3 = ANY($2))', [code, members]);
    await manager.query(
      'INSERT INTO group_membership (group_code, state_iso3) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [code, members],
    );
  }

  private async addMember(manager: EntityManager, code: string, iso3: string): Promise<void> {
    const group: Array<{ kind: string }> = await manager.query('SELECT kind FROM state_group WHERE code = $1', [code]);
    if (group.length === 0) throw ApiError.invalidField('groups', `unknown group ${code}`);
    if (group[0].kind === 'un' || group[0].kind === 'un-regional') {
      throw ApiError.invalidField('groups', `${code} is derived from UN membership and cannot be joined by an added entity`);
    }
    await manager.query('INSERT INTO group_membership (group_code, state_iso3) VALUES ($1, $2)', [code, iso3]);
  }
}
