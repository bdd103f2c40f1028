import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKey, groupByKey, loader } from '../common/loaders';
import { escalationFromRow, EscalationRow, EscalationStageType, EscalationType, stageFromRow } from './escalation.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of escalations and their stages, within the caller's authority. */
@Injectable()
export class EscalationLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: Ctx) {
    return loader<string, EscalationType | null>(ctx, 'escalation', async (ids) => {
      const rows: EscalationRow[] = await this.dataSource.query(
        'SELECT e.*, c.team_id FROM escalation e JOIN child c ON c.id = e.child_id WHERE e.authority_id = $1 AND e.id = ANY($2)',
        [ctx.user!.authorityId, ids],
      );
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? escalationFromRow(r) : null));
    });
  }

  /** A child's escalations, newest raised first. */
  byChild(ctx: Ctx) {
    return loader<string, EscalationType[]>(ctx, 'escalationsByChild', async (ids) => {
      const rows: EscalationRow[] = await this.dataSource.query(
        'SELECT e.*, c.team_id FROM escalation e JOIN child c ON c.id = e.child_id WHERE e.authority_id = $1 AND e.child_id = ANY($2) ORDER BY e.raised_on DESC, e.id DESC',
        [ctx.user!.authorityId, ids],
      );
      return groupByKey(ids, rows, (r) => r.child_id).map((list) => list.map(escalationFromRow));
    });
  }

  stages(ctx: Ctx) {
    return loader<string, EscalationStageType[]>(ctx, 'escalationStages', async (ids) => {
      const rows: Record<string, any>[] = await this.dataSource.query(
        'SELECT * FROM escalation_stage WHERE authority_id = $1 AND escalation_id = ANY($2) ORDER BY stage',
        [ctx.user!.authorityId, ids],
      );
      return groupByKey(ids, rows, (r) => r.escalation_id as string).map((list) => list.map(stageFromRow));
    });
  }
}
