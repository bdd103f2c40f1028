import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboxAlerts } from '../common/inbox-alerts';
import { returnedRows } from '../workflow/workflow.service';

const BATCH = 200;

/** Held conferences whose minutes are past due and not yet told to the chair, claimed by compare-and-set. */
export const OVERDUE_MINUTES_SQL = `UPDATE conference c SET minutes_overdue_alerted = true, updated_at = now()
  WHERE c.id = ANY(ARRAY(SELECT id FROM conference WHERE minutes_due_by < $2 AND authority_id = $1 AND minutes_distributed_on IS NULL AND NOT minutes_overdue_alerted
                         AND status = 'HELD' ORDER BY minutes_due_by LIMIT $3 FOR UPDATE SKIP LOCKED))
    AND c.minutes_distributed_on IS NULL AND NOT c.minutes_overdue_alerted
  RETURNING c.id, c.type, c.held_on, c.minutes_due_by, c.chair_id, c.status`;

/** Authorities with overdue minutes, for the sweep's list of authorities to visit. */
export const AUTHORITIES_WITH_MINUTES_DUE_SQL = `SELECT authority_id FROM conference
  WHERE minutes_due_by < $1 AND minutes_distributed_on IS NULL AND NOT minutes_overdue_alerted AND status = 'HELD'`;

/** The deadline sweep's minutes step (issue 18): minutes not distributed by their due date tell the chair, once. */
@Injectable()
export class ConferenceMinutesSweep {
  constructor(private readonly dataSource: DataSource, private readonly inbox: InboxAlerts) {}

  /** Returns the number of inbox alerts raised. */
  /** The authorities with minutes past their due date not yet told (the scheduled run). */
  async authoritiesDue(today: string): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.dataSource.query(AUTHORITIES_WITH_MINUTES_DUE_SQL, [today]);
    return rows.map((r) => r.authority_id);
  }

  async sweep(authorityId: string, today: string): Promise<number> {
    let alerts = 0;
    for (;;) {
      const [claimed, sent] = await this.dataSource.transaction((manager) => this.overdue(manager, authorityId, today));
      alerts += sent;
      if (claimed < BATCH) break;
    }
    return alerts;
  }

  private async overdue(manager: EntityManager, authorityId: string, today: string): Promise<[number, number]> {
    const rows = returnedRows<{ id: string; type: string; held_on: string; minutes_due_by: string; chair_id: string | null; status: string }>(
      await manager.query(OVERDUE_MINUTES_SQL, [authorityId, today, BATCH]),
    );
    let sent = 0;
    for (const c of rows) {
      // The alert (and the claimed flag) is the record: no audit event, so a conference's history stays its own changes.
      const reason = `the minutes were due to be distributed by ${c.minutes_due_by} and are not recorded as distributed`;
      if (!c.chair_id) continue;
      const added = await this.inbox.alert(manager, {
        authorityId, recipientId: c.chair_id, kind: 'CONFERENCE_MINUTES_OVERDUE', conferenceId: c.id, dueBy: c.minutes_due_by,
        reason: `The conference you chaired on ${c.held_on}: ${reason}`, dedupeKey: `conference-minutes-overdue/${c.id}`,
      });
      if (added) sent++;
    }
    return [rows.length, sent];
  }
}
