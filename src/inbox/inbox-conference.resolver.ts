import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/principal';
import { ConferenceLoaders } from '../conferences/conference.loaders';
import { ConferenceType } from '../conferences/conference.types';
import { InboxItemType } from './inbox.types';

type Ctx = { user?: CurrentUser };

/** InboxItem.conference (issue 18): the inbox reader reads the domain, never the other way round. */
@Resolver(() => InboxItemType)
export class InboxConferenceResolver {
  constructor(private readonly loaders: ConferenceLoaders) {}

  @ResolveField(() => ConferenceType, { nullable: true })
  conference(@Parent() item: InboxItemType, @Context() ctx: Ctx) {
    return item.conferenceId ? this.loaders.conference(ctx).load(item.conferenceId) : null;
  }
}
