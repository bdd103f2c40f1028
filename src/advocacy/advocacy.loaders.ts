import { Injectable } from '@nestjs/common';
import { byKey, groupByKey, loader } from '../common/loaders';
import { AdvocacyGaps } from './advocacy-gaps';
import { AdvocacyRepository } from './advocacy.repository';
import { AdvocateOfferType, offerFromRecord } from './advocacy.types';

type Ctx = { user?: { authorityId: string } };

/** Batched advocate-offer reads within the caller's authority: one statement per kind per request tick. */
@Injectable()
export class AdvocacyLoaders {
  constructor(
    private readonly offers: AdvocacyRepository,
    private readonly gaps: AdvocacyGaps,
  ) {}

  offer(ctx: Ctx) {
    return loader<string, AdvocateOfferType | null>(ctx, 'advocateOffer', async (ids) => {
      const offers = await this.offers.findMany(ctx.user!.authorityId, ids);
      return byKey(ids, offers, (o) => o.id).map((o) => (o ? offerFromRecord(o) : null));
    });
  }

  /** Newest first. */
  ofChild(ctx: Ctx) {
    return loader<string, AdvocateOfferType[]>(ctx, 'advocateOffersByChild', async (ids) => {
      const offers = await this.offers.ofChildren(ctx.user!.authorityId, ids);
      return groupByKey(ids, offers, (o) => o.childId).map((list) => list.map(offerFromRecord));
    });
  }

  ofConference(ctx: Ctx) {
    return loader<string, AdvocateOfferType[]>(ctx, 'advocateOffersByConference', async (ids) => {
      const offers = await this.offers.ofConferences(ctx.user!.authorityId, ids);
      return groupByKey(ids, offers, (o) => o.conferenceId).map((list) => list.map(offerFromRecord));
    });
  }

  /** The ids of each conference's children with no advocate offer on record (AdvocacyGaps). */
  childrenWithoutOffer(ctx: Ctx) {
    return loader<string, string[]>(ctx, 'advocacyGaps', async (ids) => {
      const gaps = await this.gaps.forConferences(ctx.user!.authorityId, ids);
      return groupByKey(ids, gaps, (g) => g.conferenceId).map((list) => list.map((g) => g.childId));
    });
  }

  /** Keyed `${conferenceId}:${childId}`: an offer is on record for the child for this conference. */
  offered(ctx: Ctx) {
    return loader<string, boolean>(ctx, 'advocateOffered', async (keys) => {
      const found = await this.offers.offeredPairs(
        ctx.user!.authorityId,
        keys.map((k) => k.split(':') as [string, string]),
      );
      return keys.map((k) => found.has(k));
    });
  }
}
