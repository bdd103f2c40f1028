import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { GraphQLDate } from '../common/scalars';
import { requiredText, TEXT_LIMITS } from '../common/validation';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType, StaffMemberType } from '../directory/directory.types';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { AdvocacyService } from './advocacy.service';
import { AdvocacyLoaders } from './advocacy.loaders';
import { ChildParticipationType, ConferenceType } from '../conferences/conference.types';
import { ConferenceLoaders } from '../conferences/conference.loaders';
import { AdvocateOfferType, AdvocateResponseInput, OfferAdvocateInput } from './advocacy.types';

type Ctx = { user?: CurrentUser };

@Resolver(() => AdvocateOfferType)
export class AdvocacyResolver {
  constructor(
    private readonly advocacy: AdvocacyService,
    private readonly offers: AdvocacyLoaders,
    private readonly loaders: DirectoryLoaders,
    private readonly audit: AuditHistory,
    private readonly conferences: ConferenceLoaders,
  ) {}

  private offer(ctx: Ctx, id: string) {
    return this.offers.offer(ctx).load(id);
  }

  @Mutation(() => AdvocateOfferType, {
    description: 'SOCIAL_WORKER (own team) or CHAIR. Records that a child was offered an independent advocate.',
  })
  async offerAdvocate(
    @Caller() user: CurrentUser,
    @Args('input') input: OfferAdvocateInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: Ctx,
  ) {
    return this.offer(ctx, await this.advocacy.offer(user, input, key));
  }

  @Mutation(() => AdvocateOfferType, {
    description: 'Accepted, or declined with a reason. Responding twice is INVALID_TRANSITION.',
  })
  async recordAdvocateResponse(
    @Caller() user: CurrentUser,
    @Args('input') input: AdvocateResponseInput,
    @Context() ctx: Ctx,
  ) {
    return this.offer(ctx, await this.advocacy.respond(user, input));
  }

  @Mutation(() => AdvocateOfferType, {
    description: 'An accepted offer gets its advocate (a name or an organisation).',
  })
  async allocateAdvocate(
    @Caller() user: CurrentUser,
    @Args('offerId', { type: () => ID }) offerId: string,
    @Args('advocateName', { type: () => String }) advocateName: string,
    @Args('allocatedOn', { type: () => GraphQLDate, nullable: true }) allocatedOn: string | null,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: Ctx,
  ) {
    return this.offer(
      ctx,
      await this.advocacy.allocate(
        user,
        offerId,
        requiredText('advocateName', advocateName, TEXT_LIMITS.name),
        allocatedOn,
        expectedVersion,
      ),
    );
  }

  @Mutation(() => AdvocateOfferType, { description: 'The advocacy for an allocated offer is complete.' })
  async completeAdvocacy(
    @Caller() user: CurrentUser,
    @Args('offerId', { type: () => ID }) offerId: string,
    @Args('completedOn', { type: () => GraphQLDate }) completedOn: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: Ctx,
  ) {
    return this.offer(ctx, await this.advocacy.complete(user, offerId, completedOn, expectedVersion));
  }

  @Mutation(() => AdvocateOfferType, { description: 'Withdraws an open offer, with a reason.' })
  async withdrawAdvocateOffer(
    @Caller() user: CurrentUser,
    @Args('offerId', { type: () => ID }) offerId: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: Ctx,
  ) {
    return this.offer(
      ctx,
      await this.advocacy.withdraw(user, offerId, requiredText('reason', reason, TEXT_LIMITS.reason), expectedVersion),
    );
  }

  @ResolveField(() => ChildType)
  child(@Parent() offer: AdvocateOfferType, @Context() ctx: Ctx) {
    return this.loaders.child(ctx).load(offer.childId);
  }

  @ResolveField(() => ConferenceType, { nullable: true, description: 'the conference the offer was made for, if any' })
  conference(@Parent() offer: AdvocateOfferType, @Context() ctx: Ctx) {
    return offer.conferenceId ? this.conferences.conference(ctx).load(offer.conferenceId) : null;
  }

  @ResolveField(() => StaffMemberType, { nullable: true, description: 'who made the offer' })
  offeredBy(@Parent() offer: AdvocateOfferType, @Context() ctx: Ctx) {
    return this.loaders.staff(ctx).load(offer.offeredById);
  }

  @ResolveField(() => [AuditEventType])
  history(@Parent() offer: AdvocateOfferType, @Context() ctx: Ctx) {
    return this.audit.of(ctx, 'AdvocateOffer', offer.id);
  }
}

@Resolver(() => ChildType)
export class ChildAdvocacyResolver {
  constructor(private readonly offers: AdvocacyLoaders) {}

  @ResolveField(() => [AdvocateOfferType], { description: 'every advocate offer made to the child, newest first' })
  advocateOffers(@Parent() child: ChildType, @Context() ctx: Ctx) {
    return this.offers.ofChild(ctx).load(child.id);
  }
}

@Resolver(() => ConferenceType)
export class ConferenceAdvocacyResolver {
  constructor(
    private readonly offers: AdvocacyLoaders,
    private readonly loaders: DirectoryLoaders,
  ) {}

  @ResolveField(() => [ChildType], {
    description:
      "INITIAL and TRANSFER_IN: children at or above the authority's advocacy age threshold on the clock start with no advocate offer on record for this conference (the gap to close before it is held)",
  })
  async childrenWithoutAdvocateOffer(@Parent() conference: ConferenceType, @Context() ctx: Ctx) {
    const gaps = await this.offers.childrenWithoutOffer(ctx).load(conference.id);
    return Promise.all(gaps.map((id) => this.loaders.child(ctx).load(id)));
  }

  @ResolveField(() => [AdvocateOfferType], { description: 'advocate offers made for this conference' })
  advocateOffers(@Parent() conference: ConferenceType, @Context() ctx: Ctx) {
    return this.offers.ofConference(ctx).load(conference.id);
  }
}

@Resolver(() => ChildParticipationType)
export class ParticipationAdvocacyResolver {
  constructor(private readonly offers: AdvocacyLoaders) {}

  /** Computed from the offers on record (DOMAIN.md), never typed in: see AdvocacyGaps for what counts. */
  @ResolveField(() => Boolean, {
    description: 'an advocate offer is on record for the child for this conference (computed from the offers)',
  })
  advocateOffered(@Parent() p: ChildParticipationType, @Context() ctx: Ctx) {
    return this.offers.offered(ctx).load(`${p.conferenceId}:${p.childId}`);
  }
}
