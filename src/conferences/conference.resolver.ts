import { lazyTotalCount } from '../common/pagination';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType, StaffMemberType } from '../directory/directory.types';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { PlanLoaders } from '../plans/plan.loaders';
import { ChildProtectionPlanType } from '../plans/plan.types';
import { requiredText } from '../common/validation';
import { ConferenceHeldService } from './conference-held.service';
import {
  ConferenceFilter,
  RecordConferenceHeldInput,
  RequestInitialConferenceInput,
  RequestTransferInConferenceInput,
  ScheduleConferenceInput,
} from './conference.inputs';
import { ConferenceLoaders } from './conference.loaders';
import { ConferenceQueries } from './conference.queries';
import { conferenceNode, outcomeNode, participationNode } from './conference.nodes';
import { ConferenceService } from './conference.service';
import {
  ChildParticipationType,
  ConferenceConnection,
  ConferenceOutcomeType,
  ConferenceType,
} from './conference.types';

type Ctx = { user?: CurrentUser };

@Resolver(() => ConferenceType)
export class ConferenceResolver {
  constructor(
    private readonly clock: Clock,
    private readonly conferences: ConferenceService,
    private readonly held: ConferenceHeldService,
    private readonly queries: ConferenceQueries,
    private readonly loaders: ConferenceLoaders,
    private readonly directory: DirectoryLoaders,
    private readonly settings: AuthoritySettingsService,
    private readonly audit: AuditHistory,
  ) {}

  @Query(() => ConferenceType, {
    nullable: true,
    description: "a conference of the caller's authority; team staff see only their own team's",
  })
  async conference(@Caller() user: CurrentUser, @Args('id', { type: () => ID }) id: string) {
    return conferenceNode(await this.conferences.readable(user, id));
  }

  @Query(() => ConferenceConnection, {
    name: 'conferences',
    description: "conferences by due date (then id); team staff see only their own team's",
  })
  conferencesList(
    @Caller() user: CurrentUser,
    @Args('filter', { type: () => ConferenceFilter, nullable: true }) filter: ConferenceFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ) {
    return this.queries.list(user, filter, first, after);
  }

  @Mutation(() => ConferenceType, {
    description:
      'CHAIR. Requests an ICPC, due 15 working days after the strategy discussion: for section47EnquiryIds, or for childIds and strategyDiscussionDate (then the discussion and one enquiry per child are recorded too).',
  })
  async requestInitialConference(
    @Caller() user: CurrentUser,
    @Args('input') input: RequestInitialConferenceInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: Ctx,
  ) {
    const id = await this.conferences.requestInitial(user, input, key);
    return this.loaders.conference(ctx).load(id);
  }

  @Mutation(() => ConferenceType, {
    description:
      "CHAIR. Requests a transfer-in conference, due 15 working days after the notification of the move, or after the referral's acceptance where the authority's transferInClockStart is REFERRAL_ACCEPTED.",
  })
  async requestTransferInConference(
    @Caller() user: CurrentUser,
    @Args('input') input: RequestTransferInConferenceInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: Ctx,
  ) {
    const id = await this.conferences.request(
      user,
      'TRANSFER_IN',
      input.childIds,
      input.transferNotifiedOn,
      key,
      input.referralAcceptedOn ?? null,
    );
    return this.loaders.conference(ctx).load(id);
  }

  @Mutation(() => ConferenceType, {
    description: 'CHAIR. Schedules a requested conference, or reschedules a scheduled one (a reason is required).',
  })
  async scheduleConference(
    @Caller() user: CurrentUser,
    @Args('input') input: ScheduleConferenceInput,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.conference(ctx).load(await this.conferences.schedule(user, input));
  }

  @Mutation(() => ConferenceType, {
    description: 'CHAIR. Records a scheduled conference as held, with an outcome for every child.',
  })
  async recordConferenceHeld(
    @Caller() user: CurrentUser,
    @Args('input') input: RecordConferenceHeldInput,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.conference(ctx).load(await this.held.record(user, input));
  }

  @Mutation(() => ConferenceType, { description: 'CHAIR. Cancels a requested or scheduled conference, with a reason.' })
  async cancelConference(
    @Caller() user: CurrentUser,
    @Args('conferenceId', { type: () => ID }) conferenceId: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: Ctx,
  ) {
    return this.loaders
      .conference(ctx)
      .load(await this.conferences.cancel(user, conferenceId, requiredText('reason', reason), expectedVersion));
  }

  @ResolveField(() => [ChildType])
  async children(@Parent() conf: ConferenceType, @Context() ctx: Ctx) {
    const rows = await this.loaders.children(ctx).load(conf.id);
    return this.directory.child(ctx).loadMany(rows.map((r) => r.childId));
  }

  @ResolveField(() => StaffMemberType, { nullable: true })
  chair(@Parent() conf: ConferenceType, @Context() ctx: Ctx) {
    return conf.chairId ? this.directory.staff(ctx).load(conf.chairId) : null;
  }

  @ResolveField(() => Int)
  async workingDaysElapsed(@Parent() conf: ConferenceType, @Context() ctx: Ctx) {
    const { calendar } = await this.settings.get(ctx.user!.authorityId);
    return calendar.workingDaysBetween(conf.clockStart, conf.heldOn ?? conf.cancelledOn ?? this.clock.today());
  }

  @ResolveField(() => [ConferenceOutcomeType], { description: 'one per child once held' })
  async outcomes(@Parent() conf: ConferenceType, @Context() ctx: Ctx) {
    return (await this.loaders.children(ctx).load(conf.id)).filter((r) => r.decision).map(outcomeNode);
  }

  @ResolveField(() => [ChildParticipationType], { description: 'as recorded when held' })
  async participation(@Parent() conf: ConferenceType, @Context() ctx: Ctx) {
    return (await this.loaders.children(ctx).load(conf.id)).filter((r) => r.attended !== null).map(participationNode);
  }

  @ResolveField(() => ConferenceType, { nullable: true, description: 'REVIEW: the conference that requested it' })
  previousConference(@Parent() conf: ConferenceType, @Context() ctx: Ctx) {
    return conf.previousConferenceId ? this.loaders.conference(ctx).load(conf.previousConferenceId) : null;
  }

  @ResolveField(() => [AuditEventType])
  history(@Parent() conf: ConferenceType, @Context() ctx: Ctx) {
    return this.audit.of(ctx, 'Conference', conf.id);
  }
}

/** ConferenceConnection.totalCount: counted only when a client selects it (issue 17). */
export const ConferenceConnectionResolver = lazyTotalCount(ConferenceConnection);

/** Child.conferences, on the directory's ChildType. */
@Resolver(() => ChildType)
export class ChildConferencesResolver {
  constructor(private readonly loaders: ConferenceLoaders) {}

  @ResolveField(() => [ConferenceType], { description: "the child's conferences, latest due date first" })
  conferences(@Parent() child: ChildType, @Context() ctx: Ctx) {
    return this.loaders.ofChild(ctx).load(child.id);
  }
}

@Resolver(() => ConferenceOutcomeType)
export class ConferenceOutcomeResolver {
  constructor(
    private readonly directory: DirectoryLoaders,
    private readonly plans: PlanLoaders,
  ) {}

  @ResolveField(() => ChildType)
  child(@Parent() outcome: ConferenceOutcomeType, @Context() ctx: Ctx) {
    return this.directory.child(ctx).load(outcome.childId);
  }

  @ResolveField(() => ChildProtectionPlanType, { nullable: true, description: 'the plan started, continued or ended' })
  plan(@Parent() outcome: ConferenceOutcomeType, @Context() ctx: Ctx) {
    return outcome.planId ? this.plans.plan(ctx).load(outcome.planId) : null;
  }
}

@Resolver(() => ChildParticipationType)
export class ChildParticipationResolver {
  constructor(private readonly directory: DirectoryLoaders) {}

  @ResolveField(() => ChildType)
  child(@Parent() p: ChildParticipationType, @Context() ctx: Ctx) {
    return this.directory.child(ctx).load(p.childId);
  }
}
