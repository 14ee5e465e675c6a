import { EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { PublicationInfo } from './report-model';

/** A published cycle's publication version (the latest when none is asked for), or 404. */
export async function publicationInfo(manager: EntityManager, year: number, version: number | undefined): Promise<PublicationInfo> {
  const rows: Array<{ version: number; published_at: Date; note: string | null }> = await manager.query(
    'SELECT version, published_at, note FROM publication WHERE cycle_year = $1 ORDER BY version',
    [year],
  );
  const chosen = version === undefined ? rows.at(-1) : rows.find((row) => row.version === version);
  if (!chosen) throw ApiError.notFound(`Publication of cycle ${year}, version`, version ?? 1);
  return {
    version: chosen.version,
    publishedAt: chosen.published_at,
    firstPublishedAt: rows[0].published_at,
    errata: rows
      .filter((row) => row.version > 1 && row.version <= chosen.version)
      .map((row) => ({ version: row.version, note: row.note!, publishedAt: row.published_at.toISOString() })),
  };
}
