import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser, isStaff } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { CreateEvidenceDto, EvidenceDto, EvidenceListQueryDto, EvidencePageDto, UpdateEvidenceDto } from './dto/evidence.dto';
import { EvidenceVisibility } from './entities/evidence.entity';
import { toFileDto } from './evidence-files.service';
import { evidencePublishedSql, evidenceVisibilityParams, evidenceVisibleSql } from '../visibility/visibility-policy';

export interface EvidenceRow {
  id: string;
  title: string;
  kind: EvidenceDto['kind'];
  publisher: string | null;
  published_on: string | null;
  effective_on: string | null;
  language: string | null;
  visibility: EvidenceVisibility;
  is_published: boolean;
  url: string | null;
  link_last_seen_on: string | null;
  state_iso3: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
  file: { id: string; sha256: string; size_bytes: string; media_type: string; original_name: string; storage_key: string } | null;
}

export const EVIDENCE_COLUMNS = `
  ev.id, ev.title, ev.kind, ev.publisher, to_char(ev.published_on, 'YYYY-MM-DD') AS published_on,
  to_char(ev.effective_on, 'YYYY-MM-DD') AS effective_on, ev.language, ev.visibility, ${evidencePublishedSql('ev')} AS is_published, ev.url,
  to_char(ev.link_last_seen_on, 'YYYY-MM-DD') AS link_last_seen_on, ev.state_iso3, ev.created_by, ev.created_at,
  ev.updated_at, ev.version,
  (SELECT to_jsonb(f) FROM (SELECT id, sha256, size_bytes::text, media_type, original_name, storage_key
                            FROM evidence_file WHERE id = ev.file_id) f) AS file`;

@Injectable()
export class EvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateEvidenceDto, user: AuthUser): Promise<EvidenceDto> {
    this.assertMayAdd(user, input.stateIso3 ?? null);
    if (!input.url && !input.fileId) throw ApiError.invalidField('url', 'give a url, a fileId, or both');
    return this.dataSource.transaction(async (manager) => {
      await this.checkReferences(manager, input, user);
      const [{ id }]: Array<{ id: string }> = await manager.query(
        `INSERT INTO evidence (title, kind, publisher, published_on, effective_on, language, visibility, url, link_last_seen_on,
                               file_id, state_iso3, created_by, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING id`,
        [
          input.title,
          input.kind,
          input.publisher ?? null,
          input.publishedOn ?? null,
          input.effectiveOn ?? null,
          input.language ?? null,
          input.visibility ?? defaultVisibility(user),
          input.url ?? null,
          input.linkLastSeenOn ?? null,
          input.fileId ?? null,
          input.stateIso3 ?? null,
          user.id,
        ],
      );
      const created = await this.get(id, user, manager);
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: 'evidence.created',
        entityType: 'evidence',
        entityId: id,
        stateIso3: created.stateIso3,
        after: auditView(created),
      });
      return created;
    });
  }

  async update(id: string, input: UpdateEvidenceDto, user: AuthUser): Promise<EvidenceDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.get(id, user, manager, true);
      if (!isStaff(user) && before.createdBy !== user.id) throw ApiError.forbidden('Only reviewers, admins and whoever added it may edit evidence');
      if (before.version !== input.version) {
        throw ApiError.conflict('VERSION_CONFLICT', 'The evidence was changed by someone else; reload and try again', {
          currentVersion: before.version,
        });
      }
      const merged = { ...toInput(before), ...stripUndefined(input) };
      if (!merged.url && !merged.fileId) throw ApiError.invalidField('url', 'evidence needs a url, a file, or both');
      if (input.stateIso3 !== undefined) this.assertMayAdd(user, merged.stateIso3 ?? null);
      if (merged.fileId !== (before.file?.id ?? null)) await this.checkReferences(manager, { fileId: merged.fileId }, user);
      if (input.stateIso3 !== undefined) await this.checkReferences(manager, { stateIso3: merged.stateIso3 }, user);
      await manager.query(
        `UPDATE evidence SET title = $2, kind = $3, publisher = $4, published_on = $5, effective_on = $6, language = $7,
           visibility = $8, url = $9, link_last_seen_on = $10, file_id = $11, state_iso3 = $12, updated_at = now(), version = version + 1
         WHERE id = $1`,
        [
          id,
          merged.title,
          merged.kind,
          merged.publisher ?? null,
          merged.publishedOn ?? null,
          merged.effectiveOn ?? null,
          merged.language ?? null,
          merged.visibility,
          merged.url ?? null,
          merged.linkLastSeenOn ?? null,
          merged.fileId ?? null,
          merged.stateIso3 ?? null,
        ],
      );
      const after = await this.get(id, user, manager);
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: 'evidence.updated',
        entityType: 'evidence',
        entityId: id,
        stateIso3: after.stateIso3,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
  }

  async get(id: string, user: AuthUser | undefined, manager: EntityManager = this.dataSource.manager, lock = false): Promise<EvidenceDto> {
    const rows: EvidenceRow[] = await manager.query(
      `SELECT ${EVIDENCE_COLUMNS} FROM evidence ev WHERE ev.id = $1 AND ${evidenceVisibleSql('ev', 2)} ${lock ? 'FOR UPDATE OF ev' : ''}`,
      [id, ...evidenceVisibilityParams(user)],
    );
    if (rows.length === 0) throw ApiError.notFound('Evidence', id);
    return toEvidenceDto(rows[0]);
  }

  async list(query: EvidenceListQueryDto, user: AuthUser | undefined): Promise<EvidencePageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const search = query.search?.trim() ? `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const params = [...evidenceVisibilityParams(user), query.state ?? null, query.kind ?? null, search];
    const where = `WHERE ${evidenceVisibleSql('ev', 1)} AND ($4::text IS NULL OR ev.state_iso3 = $4) AND ($5::text IS NULL OR ev.kind = $5)
                   AND ($6::text IS NULL OR ev.title ILIKE $6 OR ev.publisher ILIKE $6)`;
    const [rows, [{ total }]]: [EvidenceRow[], Array<{ total: string }>] = await Promise.all([
      this.dataSource.query(
        `SELECT ${EVIDENCE_COLUMNS} FROM evidence ev ${where} ORDER BY ev.created_at DESC, ev.id LIMIT $7 OFFSET $8`,
        [...params, pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query(`SELECT count(*) AS total FROM evidence ev ${where}`, params),
    ]);
    return { items: rows.map(toEvidenceDto), total: Number(total), page, pageSize };
  }

  private assertMayAdd(user: AuthUser, stateIso3: string | null): void {
    if (isStaff(user)) return;
    if (user.role === 'state_official' && stateIso3 && user.stateIsos.includes(stateIso3)) return;
    if (user.role === 'state_official') {
      throw ApiError.forbidden(`State officials add evidence about their own state (${user.stateIsos.join(', ')}): set stateIso3`, 'NOT_YOUR_STATE');
    }
    throw ApiError.forbidden('Only reviewers, admins and state officials add evidence');
  }

  /** A file may be wrapped by whoever uploaded it, or by staff; to anyone else it does not exist. */
  private async checkReferences(manager: EntityManager, input: { fileId?: string | null; stateIso3?: string | null }, user: AuthUser): Promise<void> {
    if (input.fileId) {
      const file = await manager.query('SELECT 1 FROM evidence_file WHERE id = $1 AND ($2 OR uploaded_by = $3)', [input.fileId, isStaff(user), user.id]);
      if (file.length === 0) throw ApiError.invalidField('fileId', `no file ${input.fileId} uploaded by you`);
    }
    if (input.stateIso3) {
      const state = await manager.query('SELECT 1 FROM state WHERE iso3 = $1', [input.stateIso3]);
      if (state.length === 0) throw ApiError.invalidField('stateIso3', `unknown state ${input.stateIso3}`);
    }
  }
}

/** Officials' evidence is shared with reviewers until they mark it publishable; reviewers' is publishable. */
function defaultVisibility(user: AuthUser): EvidenceVisibility {
  return isStaff(user) ? 'public' : 'shared';
}

export function toEvidenceDto(row: EvidenceRow): EvidenceDto {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    publisher: row.publisher,
    publishedOn: row.published_on,
    effectiveOn: row.effective_on,
    language: row.language,
    visibility: row.visibility,
    published: row.is_published,
    url: row.url,
    linkLastSeenOn: row.link_last_seen_on,
    stateIso3: row.state_iso3,
    file: row.file ? toFileDto(row.file, false) : null,
    downloadUrl: row.file ? `/api/evidence/${row.id}/file` : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function toInput(dto: EvidenceDto): CreateEvidenceDto {
  return {
    title: dto.title,
    kind: dto.kind,
    publisher: dto.publisher,
    publishedOn: dto.publishedOn,
    effectiveOn: dto.effectiveOn,
    language: dto.language,
    visibility: dto.visibility,
    url: dto.url,
    linkLastSeenOn: dto.linkLastSeenOn,
    fileId: dto.file?.id ?? null,
    stateIso3: dto.stateIso3,
  };
}

function stripUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && key !== 'version')) as Partial<T>;
}

function auditView(dto: EvidenceDto): Record<string, unknown> {
  const { file, downloadUrl: _download, createdAt: _c, updatedAt: _u, published: _p, ...rest } = dto;
  return { ...rest, file: file ? { id: file.id, sha256: file.sha256 } : null };
}
