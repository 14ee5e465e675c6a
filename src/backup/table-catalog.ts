import { EntityManager } from 'typeorm';

export interface ColumnInfo {
  name: string;
  /** format_type() of the column, used to cast the archived text back. */
  type: string;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** Columns fed by a sequence, whose sequence must be moved past the restored values. */
  sequenceColumns: string[];
  identity: boolean;
}

export interface TableChecksum {
  rows: number;
  checksum: string;
}

/** Schema bookkeeping of TypeORM: compared between archive and database, never restored as data. */
export const MIGRATIONS_TABLE = 'migrations';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Every table of the current schema, parents before children (self-references ignored), with stored columns. */
export async function listTables(manager: EntityManager): Promise<TableInfo[]> {
  const columns: Array<{ table: string; name: string; type: string; sequence: boolean; identity: boolean }> = await manager.query(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false) OR a.attidentity <> '' AS sequence,
            a.attidentity <> '' AS identity
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname, a.attnum`,
  );
  const references: Array<{ child: string; parent: string }> = await manager.query(
    `SELECT DISTINCT child.relname AS child, parent.relname AS parent
     FROM pg_constraint k
     JOIN pg_class child ON child.oid = k.conrelid
     JOIN pg_class parent ON parent.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = child.relnamespace AND n.nspname = current_schema()
     WHERE k.contype = 'f' AND k.conrelid <> k.confrelid`,
  );
  const tables = new Map<string, TableInfo>();
  for (const column of columns) {
    const table = tables.get(column.table) ?? { name: column.table, columns: [], sequenceColumns: [], identity: false };
    table.columns.push({ name: column.name, type: column.type });
    if (column.sequence) table.sequenceColumns.push(column.name);
    table.identity ||= column.identity;
    tables.set(column.table, table);
  }
  return topologicalOrder([...tables.values()], references);
}

function topologicalOrder(tables: TableInfo[], references: Array<{ child: string; parent: string }>): TableInfo[] {
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const pending = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  while (pending.length > 0) {
    const index = pending.findIndex((table) =>
      references.every((ref) => ref.child !== table.name || placed.has(ref.parent) || !pending.some((p) => p.name === ref.parent)),
    );
    // A cycle of foreign keys: take the next table anyway (restore does not depend on the order; see RestoreService).
    const [next] = pending.splice(Math.max(index, 0), 1);
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/**
 * Row count and an MD5 over every row's text form in a stable order: equal checksums mean equal content.
 * The text of timestamptz depends on the session time zone, so callers pin it (UTC) on both sides.
 */
export async function tableChecksum(manager: EntityManager, table: string): Promise<TableChecksum> {
  const [row] = await manager.query(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS checksum FROM ${quoteIdent(table)} t`,
  );
  return { rows: Number(row.rows), checksum: row.checksum as string };
}

/** Checksums of every table but the migrations bookkeeping, keyed by table name. */
export async function databaseChecksums(manager: EntityManager): Promise<Record<string, TableChecksum>> {
  const result: Record<string, TableChecksum> = {};
  for (const table of await listTables(manager)) {
    if (table.name !== MIGRATIONS_TABLE) result[table.name] = await tableChecksum(manager, table.name);
  }
  return result;
}
