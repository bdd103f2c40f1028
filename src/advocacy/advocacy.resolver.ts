import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { byKey, groupByKey, loader } from '../common/loaders';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS } from '../common/validation';
import { badField } from '../common/errors';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType, StaffMemberType } from '../directory/directory.types';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { AdvocacyService } from './advocacy.service';
import { AdvocacyGaps } from './advocacy-gaps';
import { ChildParticipationType, ConferenceType } from '../conferences/conference.types';
import { ConferenceLoaders } from '../conferences/conference.loaders';
import { AdvocateOfferType, AdvocateResponseInput, OfferAdvocateInput, offerFromRow } from './advocacy.types';

type Ctx = { user?: CurrentUser };

const requiredText = (field: string, value: string, max: number) => {
  const text = value.trim();
  if (!text) throw badField(field, 'must not be empty');
  if (text.length > max) throw badField(field, `must be at most ${max} characters`);
  return text;
};

@Resolver(() => AdvocateOfferType)
export class AdvocacyResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly advocacy: AdvocacyService,
    private readonly loaders: DirectoryLoaders,
    private readonly audit: AuditHistory,
    private readonly conferences: ConferenceLoaders,
  ) {}

  private offer(ctx: Ctx, id: string) {
    return loader<string, AdvocateOfferType | null>(ctx, 'advocateOffer', async (ids) => {
      const rows = await this.dataSource.query('SELECT * FROM advocate_offer WHERE id = ANY($1) AND authority_id = $2', [ids, ctx.user!.authorityId]);
      return byKey(ids, rows as Record<string, any>[], (r) => r.id).map((r) => (r ? offerFromRow(r) : null));
    }).load(id);
  }

  @Mutation(() => AdvocateOfferType, { description: 'SOCIAL_WORKER (own team) or CHAIR. Records that a child was offered an independent advocate.' })
  async offerAdvocate(@Caller() user: CurrentUser, @Args('input') input: OfferAdvocateInput, @IdempotencyKeyHeader() key: string | null, @Context() ctx: Ctx) {
    return this.offer(ctx, await this.advocacy.offer(user, input, key));
  }

  @Mutation(() => AdvocateOfferType, { description: 'Accepted, or declined with a reason. Responding twice is INVALID_TRANSITION.' })
  async recordAdvocateResponse(@Caller() user: CurrentUser, @Args('input') input: AdvocateResponseInput, @Context() ctx: Ctx) {
    return this.offer(ctx, await this.advocacy.respond(user, input));
  }

  @Mutation(() => AdvocateOfferType, { description: 'An accepted offer gets its advocate (a name or an organisation).' })
  async allocateAdvocate(
    @Caller() user: CurrentUser,
    @Args('offerId', { type: () => ID }) offerId: string,
    @Args('advocateName', { type: () => String }) advocateName: string,
    @Args('allocatedOn', { type: () => GraphQLDate, nullable: true }) allocatedOn: string | null,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: Ctx,
  ) {
    return this.offer(ctx, await this.advocacy.allocate(user, offerId, requiredText('advocateName', advocateName, TEXT_LIMITS.name), allocatedOn, expectedVersion));
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
    return this.offer(ctx, await this.advocacy.withdraw(user, offerId, requiredText('reason', reason, TEXT_LIMITS.reason), expectedVersion));
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
  constructor(private readonly dataSource: DataSource) {}

  @ResolveField(() => [AdvocateOfferType], { description: 'every advocate offer made to the child, newest first' })
  advocateOffers(@Parent() child: ChildType, @Context() ctx: Ctx) {
    return loader<string, AdvocateOfferType[]>(ctx, 'advocateOffersByChild', async (ids) => {
      const rows = await this.dataSource.query('SELECT * FROM advocate_offer WHERE child_id = ANY($1) AND authority_id = $2 ORDER BY offered_on DESC, created_at DESC', [ids, ctx.user!.authorityId]);
      return groupByKey(ids, rows as Record<string, any>[], (r) => r.child_id).map((list) => list.map(offerFromRow));
    }).load(child.id);
  }
}

@Resolver(() => ConferenceType)
export class ConferenceAdvocacyResolver {
  constructor(
    private readonly gaps: AdvocacyGaps,
    private readonly loaders: DirectoryLoaders,
    private readonly dataSource: DataSource,
  ) {}

  @ResolveField(() => [ChildType], {
    description:
      "INITIAL and TRANSFER_IN: children at or above the authority's advocacy age threshold on the clock start with no advocate offer on record for this conference (the gap to close before it is held)",
  })
  async childrenWithoutAdvocateOffer(@Parent() conference: ConferenceType, @Context() ctx: Ctx) {
    const gaps = await loader<string, string[]>(ctx, 'advocacyGaps', async (ids) => {
      const rows = await this.gaps.forConferences(ctx.user!.authorityId, ids);
      return groupByKey(ids, rows, (r) => r.conference_id).map((list) => list.map((r) => r.child_id));
    }).load(conference.id);
    return Promise.all(gaps.map((id) => this.loaders.child(ctx).load(id)));
  }

  @ResolveField(() => [AdvocateOfferType], { description: 'advocate offers made for this conference' })
  advocateOffers(@Parent() conference: ConferenceType, @Context() ctx: Ctx) {
    return loader<string, AdvocateOfferType[]>(ctx, 'advocateOffersByConference', async (ids) => {
      const rows = await this.dataSource.query('SELECT * FROM advocate_offer WHERE conference_id = ANY($1) AND authority_id = $2 ORDER BY offered_on', [ids, ctx.user!.authorityId]);
      return groupByKey(ids, rows as Record<string, any>[], (r) => r.conference_id).map((list) => list.map(offerFromRow));
    }).load(conference.id);
  }
}

@Resolver(() => ChildParticipationType)
export class ParticipationAdvocacyResolver {
  constructor(private readonly dataSource: DataSource) {}

  /** Computed from the offers on record (DOMAIN.md), never typed in: see AdvocacyGaps for what counts. */
  @ResolveField(() => Boolean, { description: 'an advocate offer is on record for the child for this conference (computed from the offers)' })
  advocateOffered(@Parent() p: ChildParticipationType, @Context() ctx: Ctx) {
    return loader<string, boolean>(ctx, 'advocateOffered', async (keys) => {
      const pairs = keys.map((k) => k.split(':'));
      const rows: { key: string }[] = await this.dataSource.query(
        `SELECT DISTINCT k.conference_id || ':' || k.child_id AS key
         FROM unnest($1::uuid[], $2::uuid[]) AS k(conference_id, child_id)
         JOIN conference c ON c.id = k.conference_id AND c.authority_id = $3
         JOIN advocate_offer o ON o.child_id = k.child_id
           AND (o.conference_id = c.id OR (o.conference_id IS NULL AND o.offered_on >= c.clock_start AND o.offered_on <= coalesce(c.held_on, o.offered_on)))`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1]), ctx.user!.authorityId],
      );
      const found = new Set(rows.map((r) => r.key));
      return keys.map((k) => found.has(k));
    }).load(`${p.conferenceId}:${p.childId}`);
  }
}
