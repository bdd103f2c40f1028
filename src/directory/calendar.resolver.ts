import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { badField } from '../common/errors';
import { GraphQLDate } from '../common/scalars';
import { AuthoritySettingsService } from './authority-settings.service';

@Resolver()
export class CalendarResolver {
  constructor(private readonly settings: AuthoritySettingsService) {}

  @Query(() => GraphQLDate, {
    description:
      "working-day arithmetic in the authority's calendar: the N-th working day after `date` (the date itself never counts; England and Wales bank holidays and the authority's closure days are not working days)",
  })
  async addWorkingDays(
    @Caller() user: CurrentUser,
    @Args('date', { type: () => GraphQLDate }) date: string,
    @Args('days', { type: () => Int }) days: number,
  ): Promise<string> {
    if (days < -1000 || days > 1000) throw badField('days', 'must be between -1000 and 1000');
    const { calendar } = await this.settings.get(user.authorityId);
    return calendar.addWorkingDays(date, days);
  }
}
