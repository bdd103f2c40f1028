import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboxAlerts } from '../common/inbox-alerts';
import { ActionRepository } from './action.repository';

const BATCH = 200;

/**
 * An open action past its due date tells its owner once per due date (moving the due date re-arms
 * it). The sweep's step for actions: each batch is claimed by compare-and-set in its own transaction.
 */
@Injectable()
export class OverdueActions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actions: ActionRepository,
    private readonly inbox: InboxAlerts,
  ) {}

  authoritiesDue(today: string): Promise<string[]> {
    return this.actions.authoritiesWithOverdue(today);
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
    const claimed = await this.actions.claimOverdue(manager, authorityId, today, BATCH);
    for (const a of claimed) {
      await this.inbox.alert(manager, {
        authorityId,
        recipientId: a.ownerId,
        kind: 'ACTION_OVERDUE',
        actionId: a.id,
        dueBy: a.dueBy,
        reason: `Your action is overdue: ${a.description.slice(0, 120)}`,
        dedupeKey: `action-overdue:${a.id}:${a.dueBy}`,
      });
    }
    return claimed.length;
  }
}
