import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { InboxAlerts } from '../common/inbox-alerts';
import { AdvocacyGap, AdvocacyRepository } from './advocacy.repository';

export type { AdvocacyGap } from './advocacy.repository';

/** The advocacy gap rule (AdvocacyRepository's GAPS_SQL): gaps for conference pages, alerts for the sweep. */
@Injectable()
export class AdvocacyGaps {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: InboxAlerts,
    private readonly settings: AuthoritySettingsService,
    private readonly offers: AdvocacyRepository,
  ) {}

  /** Eligible children with no offer on record, for the given conferences. */
  forConferences(authorityId: string, conferenceIds: readonly string[]): Promise<AdvocacyGap[]> {
    return this.offers.gapsOfConferences(authorityId, conferenceIds);
  }

  /** The sweep's step for advocacy: alerts for upcoming conferences with a gap, in one transaction. */
  sweep(authorityId: string, today: string): Promise<number> {
    return this.dataSource.transaction((manager) => this.alertUpcoming(manager, authorityId, today));
  }

  /** Authorities with a scheduled conference that may still have a gap. */
  async authoritiesDue(): Promise<string[]> {
    return this.offers.authoritiesWithScheduledConferences();
  }

  /**
   * For scheduled conferences two working days away (or nearer) with such a gap, an inbox item for
   * the chair and the child's social worker, once per conference and child. Part of the sweep.
   */
  async alertUpcoming(manager: EntityManager, authorityId: string, today: string): Promise<number> {
    const { calendar } = await this.settings.get(authorityId, manager);
    const horizon = calendar.addWorkingDays(today, 2);
    const gaps = await this.offers.upcomingGaps(manager, authorityId, today, horizon);
    let alerts = 0;
    for (const gap of gaps) {
      for (const recipientId of new Set([gap.chairId, gap.socialWorkerId].filter((id): id is string => !!id))) {
        const added = await this.inbox.alert(manager, {
          authorityId,
          recipientId,
          kind: 'ADVOCACY_GAP',
          reason: `${gap.childName} has no advocate offer on record for the conference on ${gap.heldDate}`,
          dueBy: gap.heldDate,
          dedupeKey: `advocacy-gap:${gap.conferenceId}:${gap.childId}`,
        });
        if (added) alerts++;
      }
    }
    return alerts;
  }
}
