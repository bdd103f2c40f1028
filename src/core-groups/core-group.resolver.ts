import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ActionLoaders } from '../actions/action.loaders';
import { requiredText } from '../common/validation';
import { ActionType } from '../actions/action.types';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { GraphQLDate } from '../common/scalars';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { CoreGroupLoaders } from './core-group.loaders';
import { CoreGroupService } from './core-group.service';
import {
  ActionProgressType,
  CoreGroupMeetingType,
  CoreGroupType,
  RecordCoreGroupMeetingInput,
  ScheduleCoreGroupMeetingInput,
} from './core-group.types';
import { nextMeetingDueBy } from './drift.service';

type Ctx = { user?: CurrentUser };

@Resolver(() => CoreGroupType)
export class CoreGroupResolver {
  constructor(
    private readonly clock: Clock,
    private readonly loaders: CoreGroupLoaders,
    private readonly settings: AuthoritySettingsService,
    private readonly audit: AuditHistory,
  ) {}

  private async nextDue(group: CoreGroupType, ctx: Ctx): Promise<string | null> {
    if (!group.planActive) return null;
    const { coreGroupIntervalWeeks } = await this.settings.get(ctx.user!.authorityId);
    return nextMeetingDueBy(group.firstMeetingDueBy, group.lastHeldOn, coreGroupIntervalWeeks);
  }

  @ResolveField(() => GraphQLDate, {
    nullable: true,
    description:
      "first meeting: ICPC + 10 working days; then the last meeting held + the authority's interval (default 4 weeks). null once the plan has ended",
  })
  nextMeetingDueBy(@Parent() group: CoreGroupType, @Context() ctx: Ctx) {
    return this.nextDue(group, ctx);
  }

  @ResolveField(() => Boolean, { description: 'the next meeting is past its due date: drift' })
  async overdue(@Parent() group: CoreGroupType, @Context() ctx: Ctx) {
    const due = await this.nextDue(group, ctx);
    return due != null && due < this.clock.today();
  }

  @ResolveField(() => [CoreGroupMeetingType])
  meetings(@Parent() group: CoreGroupType, @Context() ctx: Ctx) {
    return this.loaders.meetings(ctx).load(group.id);
  }

  @ResolveField(() => [AuditEventType])
  history(@Parent() group: CoreGroupType, @Context() ctx: Ctx) {
    return this.audit.of(ctx, 'CoreGroup', group.id);
  }
}

@Resolver(() => CoreGroupMeetingType)
export class CoreGroupMeetingResolver {
  constructor(
    private readonly service: CoreGroupService,
    private readonly loaders: CoreGroupLoaders,
    private readonly actionLoaders: ActionLoaders,
    private readonly audit: AuditHistory,
  ) {}

  @Mutation(() => CoreGroupMeetingType, {
    description: "schedules the plan's next core group meeting; its dueBy is the core group's next due date",
  })
  async scheduleCoreGroupMeeting(
    @Caller() user: CurrentUser,
    @Args('input') input: ScheduleCoreGroupMeetingInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.meeting(ctx).load(await this.service.scheduleMeeting(user, input, key));
  }

  @Mutation(() => CoreGroupMeetingType, {
    description: 'records a meeting held, with progress against every open plan action',
  })
  async recordCoreGroupMeeting(
    @Caller() user: CurrentUser,
    @Args('input') input: RecordCoreGroupMeetingInput,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.meeting(ctx).load(await this.service.recordMeeting(user, input));
  }

  @Mutation(() => CoreGroupMeetingType, { description: 'cancels a scheduled core group meeting, with a reason' })
  async cancelCoreGroupMeeting(
    @Caller() user: CurrentUser,
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: Ctx,
  ) {
    return this.loaders
      .meeting(ctx)
      .load(await this.service.cancelMeeting(user, meetingId, requiredText('reason', reason), expectedVersion));
  }

  @ResolveField(() => [ActionProgressType], {
    description: 'progress recorded against the plan actions at this meeting',
  })
  progress(@Parent() meeting: CoreGroupMeetingType, @Context() ctx: Ctx) {
    return this.loaders.progress(ctx).load(meeting.id);
  }

  @ResolveField(() => [ActionType], { description: 'actions this meeting added to the plan' })
  actions(@Parent() meeting: CoreGroupMeetingType, @Context() ctx: Ctx) {
    return this.actionLoaders.bySubject(ctx, 'CoreGroupMeeting').load(meeting.id);
  }

  @ResolveField(() => [AuditEventType])
  history(@Parent() meeting: CoreGroupMeetingType, @Context() ctx: Ctx) {
    return this.audit.of(ctx, 'CoreGroupMeeting', meeting.id);
  }
}

@Resolver(() => ActionProgressType)
export class ActionProgressResolver {
  constructor(private readonly actions: ActionLoaders) {}

  @ResolveField(() => ActionType)
  action(@Parent() p: ActionProgressType, @Context() ctx: Ctx) {
    return this.actions.byId(ctx).load(p.actionId);
  }
}
