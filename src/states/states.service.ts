import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { GroupDetailDto, GroupDto, StateDto, StateListQueryDto } from './dto/state.dto';

interface StateRow {
  iso3: string;
  iso2: string | null;
  numeric_code: string | null;
  name: string;
  un_status: StateDto['unStatus'];
  un_regional_group: string | null;
  origin: StateDto['origin'];
  groups: string[];
}

@Injectable()
export class StatesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: StateListQueryDto): Promise<StateDto[]> {
    if (query.group) await this.requireGroup(query.group);
    const search = query.search?.trim() || null;
    const rows: StateRow[] = await this.dataSource.query(
      `${STATE_SELECT}
       WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM group_membership g WHERE g.state_iso3 = s.iso3 AND g.group_code = $1))
         AND ($2::text IS NULL OR s.name ILIKE '%' || $3 || '%' OR upper($2) IN (s.iso3, s.iso2) OR $2 = s.numeric_code)
         AND ($4::text IS NULL OR s.un_status = $4)
       ORDER BY s.name`,
      [query.group ?? null, search, search && escapeLike(search), query.unStatus ?? null],
    );
    return rows.map(toStateDto);
  }

  async get(iso3: string): Promise<StateDto> {
    const rows: StateRow[] = await this.dataSource.query(`${STATE_SELECT} WHERE s.iso3 = $1`, [iso3.toUpperCase()]);
    if (rows.length === 0) throw ApiError.notFound('State', iso3);
    return toStateDto(rows[0]);
  }

  async listGroups(): Promise<GroupDto[]> {
    const rows: Array<Omit<GroupDto, 'memberCount'> & { member_count: string }> = await this.dataSource.query(
      `SELECT g.code, g.name, g.kind, g.source, count(m.state_iso3) AS member_count
       FROM state_group g LEFT JOIN group_membership m ON m.group_code = g.code
       GROUP BY g.code ORDER BY array_position(ARRAY['un', 'un-regional', 'organisation', 'custom'], g.kind), g.code`,
    );
    return rows.map(({ member_count, ...group }) => ({ ...group, memberCount: Number(member_count) }));
  }

  async getGroup(code: string): Promise<GroupDetailDto> {
    const group = await this.requireGroup(code.toUpperCase());
    const members: Array<{ iso3: string; name: string }> = await this.dataSource.query(
      `SELECT s.iso3, s.name FROM group_membership m JOIN state s ON s.iso3 = m.state_iso3
       WHERE m.group_code = $1 ORDER BY s.name`,
      [group.code],
    );
    return { ...group, memberCount: members.length, members };
  }

  private async requireGroup(code: string): Promise<Omit<GroupDto, 'memberCount'>> {
    const rows: Array<Omit<GroupDto, 'memberCount'>> = await this.dataSource.query(
      'SELECT code, name, kind, source FROM state_group WHERE code = $1',
      [code],
    );
    if (rows.length === 0) throw ApiError.notFound('Group', code);
    return rows[0];
  }
}

const STATE_SELECT = `
  SELECT s.iso3, s.iso2, s.numeric_code, s.name, s.un_status, s.un_regional_group, s.origin,
         coalesce((SELECT array_agg(m.group_code ORDER BY m.group_code) FROM group_membership m
                   WHERE m.state_iso3 = s.iso3), '{}') AS groups
  FROM state s`;

function toStateDto(row: StateRow): StateDto {
  return {
    iso3: row.iso3,
    iso2: row.iso2,
    numericCode: row.numeric_code,
    name: row.name,
    unStatus: row.un_status,
    unRegionalGroup: row.un_regional_group,
    origin: row.origin,
    groups: row.groups,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
