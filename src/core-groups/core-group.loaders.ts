import { Injectable } from '@nestjs/common';
import { byKey, groupByKey, loader } from '../common/loaders';
import { CoreGroupRepository } from './core-group.repository';
import { ActionProgressType, CoreGroupMeetingType, CoreGroupType, meetingNode } from './core-group.types';

type Ctx = { user?: { authorityId: string } };

/** Batched core group reads within the caller's authority. */
@Injectable()
export class CoreGroupLoaders {
  constructor(private readonly groups: CoreGroupRepository) {}

  ofPlan(ctx: Ctx) {
    return loader<string, CoreGroupType | null>(ctx, 'coreGroup:ofPlan', async (planIds) => {
      const records = await this.groups.groupsOfPlans(ctx.user!.authorityId, planIds);
      return byKey(planIds, records, (r) => r.planId).map((r) =>
        r
          ? {
              id: r.id,
              planId: r.planId,
              firstMeetingDueBy: r.firstMeetingDueBy,
              planActive: r.planStatus === 'ACTIVE',
              lastHeldOn: r.lastHeldOn,
            }
          : null,
      );
    });
  }

  meetings(ctx: Ctx) {
    return loader<string, CoreGroupMeetingType[]>(ctx, 'coreGroup:meetings', async (ids) => {
      const records = await this.groups.meetingsOf(ctx.user!.authorityId, ids);
      return groupByKey(ids, records, (r) => r.coreGroupId).map((list) => list.map(meetingNode));
    });
  }

  meeting(ctx: Ctx) {
    return loader<string, CoreGroupMeetingType | null>(ctx, 'coreGroup:meeting', async (ids) => {
      const records = await this.groups.findMeetings(ctx.user!.authorityId, ids);
      return byKey(ids, records, (r) => r.id).map((r) => (r ? meetingNode(r) : null));
    });
  }

  progress(ctx: Ctx) {
    return loader<string, ActionProgressType[]>(ctx, 'coreGroup:progress', async (ids) => {
      const records = await this.groups.progressOf(ctx.user!.authorityId, ids);
      return groupByKey(ids, records, (r) => r.meetingId).map((list) =>
        list.map((r) => ({
          meetingId: r.meetingId,
          actionId: r.actionId,
          progress: r.progress as ActionProgressType['progress'],
        })),
      );
    });
  }
}
