import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { InboxAlerts } from '../common/inbox-alerts';

/**
 * DOMAIN.md, "Advocacy": every child at or above the authority's age threshold who is the subject
 * of an initial (or transfer-in) conference is offered an advocate. A child's age is taken on the
 * conference's clock start (the strategy discussion, or the transfer notification or referral acceptance), the day the
 * conference is called for; records are often entered after the fact, so the row's creation
 * time would be wrong. An offer counts when it names the conference, or names no conference and
 * was made on or after the clock start. Unborn children are never eligible.
 */
const GAPS_SQL = `
  SELECT cc.conference_id, ch.id AS child_id, ch.social_worker_id, c.chair_id, c.scheduled_for
  FROM conference c
  JOIN authority a ON a.id = c.authority_id
  JOIN conference_child cc ON cc.conference_id = c.id
  JOIN child ch ON ch.id = cc.child_id
  WHERE c.authority_id = $1 AND c.type IN ('INITIAL', 'TRANSFER_IN') AND c.status <> 'CANCELLED'
    AND ch.date_of_birth IS NOT NULL
    AND ch.date_of_birth <= c.clock_start - make_interval(years => a.advocate_age_threshold)
    AND NOT EXISTS (
      SELECT 1 FROM advocate_offer o
      WHERE o.child_id = ch.id AND (o.conference_id = c.id OR (o.conference_id IS NULL AND o.offered_on >= c.clock_start)))`;

export interface AdvocacyGap {
  conference_id: string;
  child_id: string;
  social_worker_id: string | null;
  chair_id: string | null;
}

@Injectable()
export class AdvocacyGaps {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: InboxAlerts,
    private readonly settings: AuthoritySettingsService,
  ) {}

  /** Eligible children with no offer on record, for the given conferences. */
  forConferences(authorityId: string, conferenceIds: readonly string[]): Promise<AdvocacyGap[]> {
    return this.dataSource.query(`${GAPS_SQL} AND c.id = ANY($2) ORDER BY ch.name`, [authorityId, conferenceIds]);
  }

  /** The sweep's step for advocacy: alerts for upcoming conferences with a gap, in one transaction. */
  sweep(authorityId: string, today: string): Promise<number> {
    return this.dataSource.transaction((manager) => this.alertUpcoming(manager, authorityId, today));
  }

  /** Authorities with a scheduled conference that may still have a gap. */
  async authoritiesDue(): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.dataSource.query("SELECT DISTINCT authority_id FROM conference WHERE status = 'SCHEDULED' AND type IN ('INITIAL', 'TRANSFER_IN')");
    return rows.map((r) => r.authority_id);
  }

  /**
   * For scheduled conferences two working days away (or nearer) with such a gap, an inbox item for
   * the chair and the child's social worker, once per conference and child. Part of the sweep.
   */
  async alertUpcoming(manager: EntityManager, authorityId: string, today: string): Promise<number> {
    const { calendar } = await this.settings.get(authorityId, manager);
    const horizon = calendar.addWorkingDays(today, 2);
    const gaps: (AdvocacyGap & { held_date: string; child_name: string })[] = await manager.query(
      `SELECT g.*, (g.scheduled_for AT TIME ZONE 'Europe/London')::date::text AS held_date, ch.name AS child_name
       FROM (${GAPS_SQL} AND c.status = 'SCHEDULED') g JOIN child ch ON ch.id = g.child_id
       WHERE (g.scheduled_for AT TIME ZONE 'Europe/London')::date BETWEEN $2::date AND $3::date`,
      [authorityId, today, horizon],
    );
    let alerts = 0;
    for (const gap of gaps) {
      for (const recipientId of new Set([gap.chair_id, gap.social_worker_id].filter((id): id is string => !!id))) {
        const added = await this.inbox.alert(manager, {
          authorityId,
          recipientId,
          kind: 'ADVOCACY_GAP',
          reason: `${gap.child_name} has no advocate offer on record for the conference on ${gap.held_date}`,
          dueBy: gap.held_date,
          dedupeKey: `advocacy-gap:${gap.conference_id}:${gap.child_id}`,
        });
        if (added) alerts++;
      }
    }
    return alerts;
  }
}
