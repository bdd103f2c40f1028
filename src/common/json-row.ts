/**
 * Read joins as JSON (docs/architecture.md, "Compiled reads"): a row of a table, as one JSON object
 * whose keys are the table's column names, built inside another owner's statement. The owner of the
 * table exports the fragment (with its column list) and the mapper back to its record, so a column
 * rename stays in the owner's file.
 *
 * JSON keeps what the pg driver would give for text, uuid, integers, booleans, dates (the
 * 'YYYY-MM-DD' text the date parser keeps, src/database/data-source.ts), arrays and jsonb; a
 * timestamptz comes as ISO text, which `jsonTimestamp` turns back into the Date the driver gives.
 * A LEFT JOIN that found no row gives null, not an object of nulls.
 */
export function jsonRowSql(alias: string, columns: string): string {
  const pairs = columns
    .split(',')
    .map((c) => c.trim())
    .map((c) => `'${c}', ${alias}.${c}`);
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object(${pairs.join(', ')}) END`;
}

/** A timestamptz read through JSON, as the driver's Date (milliseconds, as the driver truncates). */
export function jsonTimestamp(value: string | null): Date | null {
  return value == null ? null : new Date(value);
}
