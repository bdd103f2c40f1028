import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboxAlerts } from '../common/inbox-alerts';
import { returnedRows } from '../workflow/workflow.service';

const BATCH = 200;

/** The due-action claim, shared with the EXPLAIN test: it reads only the partial index's rows. */
export const DUE_ACTIONS_SQL = `UPDATE action SET overdue_alerted = true, updated_at = now()
  WHERE id = ANY(ARRAY(SELECT id FROM action WHERE due_by < $2 AND authority_id = $1 AND status = 'OPEN' AND NOT overdue_alerted ORDER BY due_by LIMIT $3 FOR UPDATE SKIP LOCKED))
    AND status = 'OPEN' AND NOT overdue_alerted
  RETURNING id, owner_id, due_by, description`;
export const AUTHORITIES_WITH_OVERDUE_ACTIONS_SQL = `SELECT authority_id FROM action WHERE due_by < $1 AND status = 'OPEN' AND NOT overdue_alerted`;

/**
 * An open action past its due date tells its owner once per due date (moving the due date re-arms
 * it). The sweep's step for actions: each batch is claimed by compare-and-set in its own transaction.
 */
@Injectable()
export class OverdueActions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: InboxAlerts,
  ) {}

  async authoritiesDue(today: string): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.dataSource.query(AUTHORITIES_WITH_OVERDUE_ACTIONS_SQL, [today]);
    return rows.map((r) => r.authority_id);
  }

  /** Alerts every owner of a newly overdue action; returns how many actions. */
  async sweep(authorityId: string, today: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.dataSource.transaction((manager) => this.alertBatch(manager, authorityId, today));
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async alertBatch(manager: EntityManager, authorityId: string, today: string): Promise<number> {
    const rows = returnedRows<{ id: string; owner_id: string; due_by: string; description: string }>(await manager.query(DUE_ACTIONS_SQL, [authorityId, today, BATCH]));
    for (const a of rows) {
      await this.inbox.alert(manager, {
        authorityId, recipientId: a.owner_id, kind: 'ACTION_OVERDUE', actionId: a.id, dueBy: a.due_by,
        reason: `Your action is overdue: ${a.description.slice(0, 120)}`, dedupeKey: `action-overdue:${a.id}:${a.due_by}`,
      });
    }
    return rows.length;
  }
}
