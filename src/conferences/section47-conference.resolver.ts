import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/principal';
import { Section47EnquiryType } from '../section47/section47.types';
import { ConferenceLoaders } from './conference.loaders';
import { ConferenceType } from './conference.types';

type Ctx = { user?: CurrentUser };

/** An enquiry's ICPC, resolved here: conferences know enquiries, never the other way round (no folder cycle). */
@Resolver(() => Section47EnquiryType)
export class Section47ConferenceResolver {
  constructor(private readonly conferences: ConferenceLoaders) {}

  @ResolveField(() => ConferenceType, {
    nullable: true,
    description: 'the ICPC that considered this child, once requested',
  })
  initialConference(@Parent() e: Section47EnquiryType, @Context() ctx: Ctx) {
    return e.conferenceId ? this.conferences.conference(ctx).load(e.conferenceId) : null;
  }
}
