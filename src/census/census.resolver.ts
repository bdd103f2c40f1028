import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType } from '../directory/directory.types';
import { CensusService } from './census.service';
import { CensusExportType, CensusPlanType, CensusSection47Type, CensusValidationErrorType } from './census.types';

@Resolver(() => CensusExportType)
export class CensusResolver {
  constructor(private readonly census: CensusService) {}

  @Query(() => CensusExportType, {
    description:
      'AUDITOR, ADMIN. The Children in Need census child protection items for a census year, with the rules the data breaks.',
  })
  childrenInNeedCensus(
    @Caller() user: CurrentUser,
    @Args('year', { type: () => Int, description: 'the year the census year ends in' }) year: number,
  ) {
    return this.census.export(user.authorityId, year);
  }
}

const childResolver = (type: Function) => {
  @Resolver(() => type)
  class CensusChildResolver {
    constructor(readonly directory: DirectoryLoaders) {}

    @ResolveField(() => ChildType)
    child(@Parent() row: { childId: string }, @Context() ctx: object) {
      return this.directory.child(ctx).load(row.childId);
    }
  }
  return CensusChildResolver;
};

export const CensusSection47Resolver = childResolver(CensusSection47Type);
export const CensusPlanResolver = childResolver(CensusPlanType);
export const CensusValidationErrorResolver = childResolver(CensusValidationErrorType);
