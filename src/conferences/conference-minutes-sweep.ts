import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboxAlerts } from '../common/inbox-alerts';
import { ConferenceRepository } from './conference.repository';

const BATCH = 200;

/** The deadline sweep's minutes step (issue 18): minutes not distributed by their due date tell the chair, once. */
@Injectable()
export class ConferenceMinutesSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly conferences: ConferenceRepository,
    private readonly inbox: InboxAlerts,
  ) {}

  /** The authorities with minutes past their due date not yet told (the scheduled run). */
  authoritiesDue(today: string): Promise<string[]> {
    return this.conferences.authoritiesWithMinutesDue(today);
  }

  /** Returns the number of inbox alerts raised. */
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
    const claimed = await this.conferences.claimOverdueMinutes(manager, authorityId, today, BATCH);
    let sent = 0;
    for (const c of claimed) {
      // The alert (and the claimed flag) is the record: no audit event, so a conference's history stays its own changes.
      const reason = `the minutes were due to be distributed by ${c.minutesDueBy} and are not recorded as distributed`;
      if (!c.chairId) continue;
      const added = await this.inbox.alert(manager, {
        authorityId,
        recipientId: c.chairId,
        kind: 'CONFERENCE_MINUTES_OVERDUE',
        conferenceId: c.id,
        dueBy: c.minutesDueBy,
        reason: `The conference you chaired on ${c.heldOn}: ${reason}`,
        dedupeKey: `conference-minutes-overdue/${c.id}`,
      });
      if (added) sent++;
    }
    return [claimed.length, sent];
  }
}
