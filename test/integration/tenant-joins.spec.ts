import { join } from 'node:path';
import { Client } from 'pg';
import { checkSources, TenantJoinFinding } from '../helpers/tenant-joins';

/**
 * Issue 17: every join between tenant tables in src/ names authority_id on the joined side
 * (`JOIN escalation_stage s ON s.authority_id = e.authority_id AND s.escalation_id = e.id`), and so
 * does every correlated subquery (`EXISTS (SELECT 1 FROM action a WHERE a.authority_id = ...`).
 * Since migration 022 the tenant tables' keys and indexes lead with authority_id: a join on the
 * foreign key alone scans the index once per outer row (the CSV export of 50,000 escalations scanned
 * the stages per row until its connection was cut, fixed in c1086ca), and Citus co-locates a join
 * only on the distribution column. The foreign keys between tenant tables are composite
 * (tenant-keys.spec.ts), so the extra condition never changes the rows.
 *
 * The tenant tables are read from the migrated schema; the SQL from the string and template literals
 * of src/**.ts (test/helpers/tenant-joins.ts says what is checked). A deliberate exception carries
 * `/* any-authority: <why> *\/` in its clause and is listed in EXEMPT below.
 */

/** Deliberate exceptions, as `file table alias`, each with why. */
const EXEMPT: Record<string, string> = {
  'src/notifications/outbox-publisher.ts outbox_message outbox_message':
    'the publisher relays every authority’s messages in id order (a cursor over the whole table, not a join)',
};

const ROOT = join(__dirname, '..', '..');

describe('tenant joins name authority_id (issue 17)', () => {
  let tenantTables: Set<string>;
  let findings: TenantJoinFinding[];

  beforeAll(async () => {
    const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT DISTINCT c.table_name FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
          WHERE c.table_schema = 'public' AND c.column_name = 'authority_id'`,
      );
      tenantTables = new Set(rows.map((r) => r.table_name));
    } finally {
      await client.end();
    }
    findings = checkSources(ROOT, join(ROOT, 'src'), tenantTables);
  });

  it('reads the tenant tables from the migrated schema', () => {
    expect(tenantTables.size).toBeGreaterThan(20);
    expect([...tenantTables]).toEqual(
      expect.arrayContaining(['escalation', 'escalation_stage', 'child', 'audit_event']),
    );
    expect(tenantTables.has('authority')).toBe(false);
  });

  it('sees the joins of src/ (the check is not vacuous)', () => {
    // The same sources with every authority_id renamed: each join and correlated subquery it accepts
    // today would be flagged.
    const blind = checkSources(ROOT, join(ROOT, 'src'), tenantTables, (sql) =>
      sql.replace(/authority_id/g, 'xuthority_id'),
    );
    expect(blind.filter((f) => f.kind === 'JOIN').length).toBeGreaterThan(80);
    expect(blind.filter((f) => f.kind === 'FROM').length).toBeGreaterThan(10);
    expect(blind.map((f) => f.file)).toEqual(
      expect.arrayContaining(['src/exports/escalation-export.service.ts', 'src/inbox/inbox.reader.ts']),
    );
  });

  it('every join and subquery over a tenant table in src/ names its authority_id', () => {
    const offenders = findings
      .filter((f) => !f.exempt)
      .map((f) => `${f.file}:${f.line} ${f.kind} ${f.table} ${f.alias}: ${f.clause}`);
    expect(offenders).toEqual([]);
  });

  it('every exception is documented here, with its reason in the SQL', () => {
    const exempt = findings.filter((f) => f.exempt);
    expect(exempt.map((f) => `${f.file} ${f.table} ${f.alias}`).sort()).toEqual(Object.keys(EXEMPT).sort());
    for (const f of exempt) expect(f.exempt).not.toBe('(no reason given)');
  });
});
