import { JsonType, QueryHelper, ReferenceKind, type EntityMetadata, type EntityName, type EntityProperty } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * Rows per statement on PostgreSQL: the rows travel as one JSON document (a few MB at
 * this size), so there is no variable limit to stay under.
 */
const POSTGRES_ROWS_PER_STATEMENT = 10_000;

/**
 * Plain rows into a PostgreSQL table as one JSON parameter per statement, unpacked by
 * `json_populate_recordset`: the server parses one literal instead of planning a
 * `values` list of thousands of rows and tens of thousands of parameters, which made
 * generating the top scale (a million signatures) several times slower than into SQLite.
 * The rows are what `em.insertMany` would write: columns by the entity's metadata, custom
 * types converted the same way (JSON values stay JSON). Returns false, having written
 * nothing, for anything this does not cover (not PostgreSQL, rows naming different
 * columns, composite or embedded properties): the caller then inserts as usual.
 */
export async function insertIntoPostgres<T extends object>(em: SqlEntityManager, entity: EntityName<T>, rows: readonly Partial<T>[]): Promise<boolean> {
  const platform = em.getPlatform();
  if (!(platform instanceof PostgreSqlPlatform)) return false;
  const meta = em.getMetadata().get<T>(typeof entity === 'string' ? entity : (entity as { name: string }).name);
  const keys = Object.keys(rows[0]!);
  // A row without a key the others have would get NULL here where insertMany writes the default.
  if (rows.some((row) => Object.keys(row).length !== keys.length || keys.some((key) => !(key in row)))) return false;
  const props = keys.map((key) => (meta.properties as Record<string, EntityProperty<T> | undefined>)[key]);
  if (props.some((prop) => !prop || !coverable(prop))) return false;
  const columns = props.map((prop) => prop!.fieldNames[0]!);
  const quoted = columns.map((column) => platform.quoteIdentifier(column)).join(', ');
  const table = tableOf(meta, platform);
  const sql = `insert into ${table} (${quoted}) select ${quoted} from json_populate_recordset(null::${table}, ?::json)`;
  for (let i = 0; i < rows.length; i += POSTGRES_ROWS_PER_STATEMENT) {
    const batch = rows.slice(i, i + POSTGRES_ROWS_PER_STATEMENT).map((row) => {
      // References (an entity or `Reference`) to their primary keys, as insertMany does.
      const plain = QueryHelper.processObjectParams({ ...row }) as Record<string, unknown>;
      const record: Record<string, unknown> = {};
      props.forEach((prop, k) => (record[columns[k]!] = databaseValue(prop!, plain[keys[k]!], platform)));
      return record;
    });
    // Bound, not inlined as em.execute would: escaping a literal of megabytes character by character cost more than the insert.
    await (em.getTransactionContext<Knex.Transaction>() ?? em.getKnex()).raw(sql, [JSON.stringify(batch)]);
  }
  return true;
}

/** One column per property, no SQL-side conversion: what a row of JSON can carry. */
function coverable(prop: EntityProperty): boolean {
  if (prop.fieldNames.length !== 1 || prop.kind === ReferenceKind.EMBEDDED || prop.persist === false) return false;
  if (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE && prop.kind !== ReferenceKind.ONE_TO_ONE) return false;
  // JSON columns cast their text in SQL; they are carried as JSON values instead (below).
  return !prop.customType || prop.customType instanceof JsonType || !('convertToDatabaseValueSQL' in prop.customType);
}

/** The value as insertMany binds it; JSON columns keep the value itself, so the document nests it rather than a string of it. */
function databaseValue(prop: EntityProperty, value: unknown, platform: PostgreSqlPlatform): unknown {
  if (value === undefined) value = prop.default;
  if (value === null || value === undefined || !prop.customType || prop.customType instanceof JsonType) return value ?? null;
  return prop.customType.convertToDatabaseValue(value, platform, { key: prop.name, mode: 'query-data' });
}

function tableOf(meta: EntityMetadata, platform: PostgreSqlPlatform): string {
  const schema = meta.schema && meta.schema !== '*' ? meta.schema : undefined;
  return platform.quoteIdentifier(schema ? `${schema}.${meta.tableName}` : meta.tableName);
}
