import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { byKey, groupByKey, loader } from '../common/loaders';
import { actionFromRow, ActionRow, ActionType } from './action.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of actions, within the caller's authority. */
@Injectable()
export class ActionLoaders {
  constructor(private readonly clock: Clock, private readonly dataSource: DataSource) {}

  /** The actions of records of one type (e.g. 'Escalation'), by record id, soonest due first. */
  bySubject(ctx: Ctx, subjectType: string) {
    return loader<string, ActionType[]>(ctx, `actions:${subjectType}`, async (ids) => {
      const rows: ActionRow[] = await this.dataSource.query(
        'SELECT * FROM action WHERE authority_id = $1 AND subject_type = $2 AND subject_id = ANY($3) ORDER BY due_by, created_at, id',
        [ctx.user!.authorityId, subjectType, ids],
      );
      const today = this.clock.today();
      return groupByKey(ids, rows, (r) => r.subject_id).map((list) => list.map((r) => actionFromRow(r, today)));
    });
  }

  byId(ctx: Ctx) {
    return loader<string, ActionType | null>(ctx, 'action', async (ids) => {
      const rows: ActionRow[] = await this.dataSource.query('SELECT * FROM action WHERE authority_id = $1 AND id = ANY($2)', [ctx.user!.authorityId, ids]);
      const today = this.clock.today();
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? actionFromRow(r, today) : null));
    });
  }
}
