import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKey, groupByKey, loader } from '../common/loaders';
import { ActionProgressType, CoreGroupMeetingType, CoreGroupType, meetingFromRow, MeetingRow } from './core-group.types';

type Ctx = { user?: { authorityId: string } };

/** Batched core group reads within the caller's authority. */
@Injectable()
export class CoreGroupLoaders {
  constructor(private readonly dataSource: DataSource) {}

  ofPlan(ctx: Ctx) {
    return loader<string, CoreGroupType | null>(ctx, 'coreGroup:ofPlan', async (planIds) => {
      const rows: { id: string; plan_id: string; first_meeting_due_by: string; plan_status: string; last_held_on: string | null }[] = await this.dataSource.query(
        `SELECT g.id, g.plan_id, g.first_meeting_due_by, p.status AS plan_status,
                (SELECT max(m.held_on) FROM core_group_meeting m WHERE m.core_group_id = g.id AND m.status = 'HELD') AS last_held_on
         FROM core_group g JOIN child_protection_plan p ON p.id = g.plan_id WHERE g.plan_id = ANY($1) AND g.authority_id = $2`,
        [planIds, ctx.user!.authorityId],
      );
      return byKey(planIds, rows, (r) => r.plan_id).map((r) =>
        r ? { id: r.id, planId: r.plan_id, firstMeetingDueBy: r.first_meeting_due_by, planActive: r.plan_status === 'ACTIVE', lastHeldOn: r.last_held_on } : null,
      );
    });
  }

  meetings(ctx: Ctx) {
    return loader<string, CoreGroupMeetingType[]>(ctx, 'coreGroup:meetings', async (ids) => {
      const rows: MeetingRow[] = await this.dataSource.query(
        'SELECT * FROM core_group_meeting WHERE core_group_id = ANY($1) AND authority_id = $2 ORDER BY due_by, created_at',
        [ids, ctx.user!.authorityId],
      );
      return groupByKey(ids, rows, (r) => r.core_group_id).map((list) => list.map(meetingFromRow));
    });
  }

  meeting(ctx: Ctx) {
    return loader<string, CoreGroupMeetingType | null>(ctx, 'coreGroup:meeting', async (ids) => {
      const rows: MeetingRow[] = await this.dataSource.query('SELECT * FROM core_group_meeting WHERE id = ANY($1) AND authority_id = $2', [ids, ctx.user!.authorityId]);
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? meetingFromRow(r) : null));
    });
  }

  progress(ctx: Ctx) {
    return loader<string, ActionProgressType[]>(ctx, 'coreGroup:progress', async (ids) => {
      const rows: { meeting_id: string; action_id: string; progress: string }[] = await this.dataSource.query(
        'SELECT meeting_id, action_id, progress FROM action_progress WHERE meeting_id = ANY($1) AND authority_id = $2 ORDER BY created_at, id',
        [ids, ctx.user!.authorityId],
      );
      return groupByKey(ids, rows, (r) => r.meeting_id).map((list) => list.map((r) => ({ meetingId: r.meeting_id, actionId: r.action_id, progress: r.progress as ActionProgressType['progress'] })));
    });
  }
}
