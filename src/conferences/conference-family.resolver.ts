import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { GraphQLDate } from '../common/scalars';
import { ConferenceFamilyService } from './conference-family.service';
import { ConferenceLoaders } from './conference.loaders';
import { ConferenceType } from './conference.types';

type Ctx = { user?: CurrentUser };

/** Issue 18: reports to the family, minutes, and the conference that replaced an inquorate one. */
@Resolver(() => ConferenceType)
export class ConferenceFamilyResolver {
  constructor(
    private readonly family: ConferenceFamilyService,
    private readonly loaders: ConferenceLoaders,
  ) {}

  @Mutation(() => ConferenceType, {
    description:
      "SOCIAL_WORKER, TEAM_MANAGER (own team) or CHAIR. Records when the social worker's report reached the family.",
  })
  async recordReportSharedWithFamily(
    @Caller() user: CurrentUser,
    @Args('conferenceId', { type: () => ID }) conferenceId: string,
    @Args('sharedOn', { type: () => GraphQLDate }) sharedOn: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.conference(ctx).load(
      await this.family.record(user, {
        operation: 'recordReportSharedWithFamily',
        conferenceId,
        on: sharedOn,
        expectedVersion,
      }),
    );
  }

  @Mutation(() => ConferenceType, {
    description: 'CHAIR. Records when the minutes of a held conference went to the family and the agencies.',
  })
  async recordMinutesDistributed(
    @Caller() user: CurrentUser,
    @Args('conferenceId', { type: () => ID }) conferenceId: string,
    @Args('distributedOn', { type: () => GraphQLDate }) distributedOn: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.conference(ctx).load(
      await this.family.record(user, {
        operation: 'recordMinutesDistributed',
        conferenceId,
        on: distributedOn,
        expectedVersion,
      }),
    );
  }

  @ResolveField(() => ConferenceType, {
    nullable: true,
    description: 'the conference requested to replace this one when it was inquorate',
  })
  reconvenedAs(@Parent() conf: ConferenceType, @Context() ctx: Ctx) {
    return conf.reconvenedAsId ? this.loaders.conference(ctx).load(conf.reconvenedAsId) : null;
  }
}
