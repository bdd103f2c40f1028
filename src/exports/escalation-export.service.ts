import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { csvLine } from './csv';

const BATCH = 1_000;

export const ESCALATION_CSV_HEADER = [
  'reference',
  'status',
  'stage',
  'concern',
  'raised_on',
  'raised_by',
  'child_case_reference',
  'team',
  'response_due_by',
  'breached',
  'breached_stages',
  'closed_on',
  'summary',
  'id',
];

/**
 * The escalation history as CSV, in keyset batches (newest raised first, as the GraphQL list), so
 * that 100,000 rows never sit in memory: each batch is one indexed query, written before the next.
 * `where`/`params` come from EscalationQueries.filterSql, so the export filters exactly as the list.
 */
@Injectable()
export class EscalationExportService {
  constructor(private readonly dataSource: DataSource) {}

  async *csv(where: string[], params: unknown[]): AsyncGenerator<string> {
    yield csvLine(ESCALATION_CSV_HEADER);
    let after: [string, string] | null = null;
    for (;;) {
      const p = [...params];
      const w = [...where];
      if (after) {
        p.push(after[0], after[1]);
        w.push(`(e.raised_on, e.id) < ($${p.length - 1}::date, $${p.length}::uuid)`);
      }
      p.push(BATCH);
      const rows: Record<string, unknown>[] = await this.dataSource.query(
        `SELECT e.id, e.reference, e.status, e.stage, e.concern, e.raised_on, s.name AS raised_by, c.case_reference, t.name AS team,
                e.response_due_by, e.breached, e.closed_on, e.summary,
                (SELECT string_agg(st.stage::text, ';' ORDER BY st.stage) FROM escalation_stage st WHERE st.authority_id = e.authority_id AND st.escalation_id = e.id AND st.breached) AS breached_stages
         FROM escalation e JOIN child c ON c.authority_id = e.authority_id AND c.id = e.child_id JOIN team t ON t.authority_id = c.authority_id AND t.id = c.team_id JOIN staff_member s ON s.authority_id = e.authority_id AND s.id = e.raised_by_id
         WHERE ${w.join(' AND ')} ORDER BY e.raised_on DESC, e.id DESC LIMIT $${p.length}`,
        p,
      );
      // One chunk per batch: fewer, larger writes; the stream's backpressure paces the queries.
      yield rows
        .map((r) =>
          csvLine([
            r.reference,
            r.status,
            r.stage,
            r.concern,
            r.raised_on,
            r.raised_by,
            r.case_reference,
            r.team,
            r.response_due_by,
            r.breached,
            r.breached_stages,
            r.closed_on,
            r.summary,
            r.id,
          ]),
        )
        .join('');
      if (rows.length < BATCH) return;
      const last = rows[rows.length - 1];
      after = [last.raised_on as string, last.id as string];
    }
  }
}
