import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { GraphQLDate } from '../common/scalars';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { StaffMemberType, TeamType } from '../directory/directory.types';
import { PerformanceService } from './performance.service';
import { ChairPerformanceType, PerformanceSummaryType, TeamPerformanceType } from './performance.types';

@Resolver(() => PerformanceSummaryType)
export class PerformanceResolver {
  constructor(private readonly performanceService: PerformanceService) {}

  @Query(() => PerformanceSummaryType, {
    description:
      "The inspector's measures from `from` to `to` (inclusive), for the authority or one team. Team staff get their own team's, whether or not they name it.",
  })
  performance(
    @Caller() user: CurrentUser,
    @Args('from', { type: () => GraphQLDate }) from: string,
    @Args('to', { type: () => GraphQLDate }) to: string,
    @Args('teamId', { type: () => ID, nullable: true }) teamId: string | null,
  ) {
    return this.performanceService.summary(user, from, to, teamId);
  }

  @Query(() => [TeamPerformanceType], {
    description: 'performance for each team of the authority (by name), so that a manager sees where timeliness slips',
  })
  performanceByTeam(
    @Caller() user: CurrentUser,
    @Args('from', { type: () => GraphQLDate }) from: string,
    @Args('to', { type: () => GraphQLDate }) to: string,
  ) {
    return this.performanceService.byTeam(user, from, to);
  }

  @Query(() => [ChairPerformanceType], {
    description: 'the measures each chair answers for (every CHAIR of the authority, by name)',
  })
  performanceByChair(
    @Caller() user: CurrentUser,
    @Args('from', { type: () => GraphQLDate }) from: string,
    @Args('to', { type: () => GraphQLDate }) to: string,
  ) {
    return this.performanceService.byChair(user, from, to);
  }
}

@Resolver(() => TeamPerformanceType)
export class TeamPerformanceResolver {
  constructor(private readonly directory: DirectoryLoaders) {}

  @ResolveField(() => TeamType)
  team(@Parent() p: TeamPerformanceType, @Context() ctx: object) {
    return this.directory.team(ctx).load(p.teamId);
  }
}

@Resolver(() => ChairPerformanceType)
export class ChairPerformanceResolver {
  constructor(private readonly directory: DirectoryLoaders) {}

  @ResolveField(() => StaffMemberType)
  chair(@Parent() p: ChairPerformanceType, @Context() ctx: object) {
    return this.directory.staff(ctx).load(p.chairId);
  }
}
