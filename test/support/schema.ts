// A database's tables as the engine reports them, read from outside the store, so that two databases (two
// engines, or an upgraded one beside a new one) can be compared; and every row of every table, to compare before
// and after an upgrade.
import { outsideQuery } from './engines.js';

/** The migrator's own tables and the marker old code reads: bookkeeping, not the app's schema. */
export const BOOKKEEPING = ['schema_migrations', 'schema_migrations_lock', 'schema_version'];

export interface ColumnShape {
  column: string;
  type: string;
  notNull: boolean;
  primaryKey: boolean;
  hasDefault: boolean;
}

const isPostgres = (location: string) => location.startsWith('postgres');

/**
 * Table → its columns in order. Types are the declared ones, lower case (SQLite keeps what the CREATE said;
 * PostgreSQL's "C" collation is not part of the type). With `affinity`, SQLite's are reduced to its affinities
 * (INTEGER, BIGINT → integer), as old tables declared them differently. A key column counts as NOT NULL on both
 * (SQLite's rowid alias cannot be null whatever table_info says).
 */
export async function describeTables(
  location: string,
  options: { affinity?: boolean } = {},
): Promise<Record<string, ColumnShape[]>> {
  const rows = await outsideQuery<{
    tbl: string;
    col: string;
    type: string;
    not_null: unknown;
    pk: unknown;
    has_default: unknown;
  }>(
    location,
    isPostgres(location)
      ? `SELECT c.table_name AS tbl, c.column_name AS col, c.data_type AS type, c.is_nullable = 'NO' AS not_null,
           EXISTS (SELECT 1 FROM information_schema.table_constraints t
             JOIN information_schema.key_column_usage k
               ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
             WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema
               AND t.table_name = c.table_name AND k.column_name = c.column_name) AS pk,
           c.column_default IS NOT NULL AS has_default
         FROM information_schema.columns c
         WHERE c.table_schema = current_schema()
         ORDER BY c.table_name, c.ordinal_position`
      : `SELECT m.name AS tbl, p.name AS col, lower(p.type) AS type, p."notnull" AS not_null, p.pk > 0 AS pk,
           p.dflt_value IS NOT NULL AS has_default
         FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
         ORDER BY m.name, p.cid`,
  );
  const tables: Record<string, ColumnShape[]> = {};
  for (const row of rows) {
    if (BOOKKEEPING.includes(row.tbl)) continue;
    const primaryKey = Boolean(Number(row.pk));
    const type = options.affinity && /int/.test(row.type) ? 'integer' : row.type;
    const columns = tables[row.tbl] ?? [];
    tables[row.tbl] = columns;
    columns.push({
      column: row.col,
      type,
      notNull: Boolean(Number(row.not_null)) || primaryKey,
      primaryKey,
      hasDefault: Boolean(Number(row.has_default)),
    });
  }
  return tables;
}

/** Every row of every table (the bookkeeping ones aside), each table's rows in a stable order. */
/** Table → its column names, for everyRow's `columns`. */
export function columnNames(tables: Record<string, ColumnShape[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tables).map(([t, cols]) => [t, cols.map((c) => c.column)]));
}

/**
 * Table → its rows, each as JSON, sorted. With `columns` (table → the column names to keep, as an older schema
 * had them), only those tables and columns: what a database held before an upgrade that added columns.
 */
export async function everyRow(
  location: string,
  columns?: Record<string, readonly string[]>,
): Promise<Record<string, unknown[]>> {
  const tables = Object.keys(columns ?? (await describeTables(location)));
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await outsideQuery<Record<string, unknown>>(location, `SELECT * FROM "${table}"`);
    const keep = columns?.[table];
    result[table] = rows
      .map((r) => JSON.stringify(keep ? Object.fromEntries(keep.map((c) => [c, r[c]])) : r))
      .sort();
  }
  return result;
}
