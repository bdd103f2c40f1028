/**
 * Read joins as JSON (docs/architecture.md, "Compiled reads"): a row of a table, built as a JSON
 * array of its columns inside another owner's statement, and turned back into the row the pg driver
 * would have given. The owner of the table exports the fragment (with its column list) and the
 * mapper back to its record, so a column rename stays in the owner's file. Arrays, not objects: the
 * column names are not repeated in every row (an auditor's page carries hundreds of them).
 *
 * JSON keeps what the driver gives for text, uuid, integers, booleans, dates (the 'YYYY-MM-DD'
 * text the date parser keeps, src/database/data-source.ts), arrays and jsonb; a timestamptz comes
 * as ISO text, which `jsonTimestamp` turns back into the driver's Date. A LEFT JOIN that found no
 * row gives null.
 */
export class JsonColumns {
  readonly names: readonly string[];

  constructor(columns: string) {
    this.names = columns.split(',').map((c) => c.trim());
  }

  /** The row `alias` as a JSON array of the columns, in order (null when `alias.id` is null). */
  sql(alias: string): string {
    return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_array(${this.names.map((c) => `${alias}.${c}`).join(', ')}) END`;
  }

  /** The row `sql` built, keyed by column name as the driver would have given it. */
  row<R>(values: readonly unknown[]): R {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < this.names.length; i++) row[this.names[i]] = values[i];
    return row as R;
  }
}

/** A timestamptz read through JSON, as the driver's Date (milliseconds, as the driver truncates). */
export function jsonTimestamp(value: string | null): Date | null {
  return value == null ? null : new Date(value);
}
