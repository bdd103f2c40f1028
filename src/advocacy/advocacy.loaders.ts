import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKey, groupByKey, loader } from '../common/loaders';
import { AdvocacyGaps } from './advocacy-gaps';
import { AdvocateOfferRow, AdvocateOfferType, offerFromRow } from './advocacy.types';

type Ctx = { user?: { authorityId: string } };

/** Batched advocate-offer reads within the caller's authority: one statement per kind per request tick. */
@Injectable()
export class AdvocacyLoaders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly gaps: AdvocacyGaps,
  ) {}

  offer(ctx: Ctx) {
    return loader<string, AdvocateOfferType | null>(ctx, 'advocateOffer', async (ids) => {
      const rows: AdvocateOfferRow[] = await this.dataSource.query('SELECT * FROM advocate_offer WHERE id = ANY($1) AND authority_id = $2', [ids, ctx.user!.authorityId]);
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? offerFromRow(r) : null));
    });
  }

  /** Newest first. */
  ofChild(ctx: Ctx) {
    return loader<string, AdvocateOfferType[]>(ctx, 'advocateOffersByChild', async (ids) => {
      const rows: AdvocateOfferRow[] = await this.dataSource.query(
        'SELECT * FROM advocate_offer WHERE child_id = ANY($1) AND authority_id = $2 ORDER BY offered_on DESC, created_at DESC',
        [ids, ctx.user!.authorityId],
      );
      return groupByKey(ids, rows, (r) => r.child_id).map((list) => list.map(offerFromRow));
    });
  }

  ofConference(ctx: Ctx) {
    return loader<string, AdvocateOfferType[]>(ctx, 'advocateOffersByConference', async (ids) => {
      const rows: AdvocateOfferRow[] = await this.dataSource.query('SELECT * FROM advocate_offer WHERE conference_id = ANY($1) AND authority_id = $2 ORDER BY offered_on', [ids, ctx.user!.authorityId]);
      return groupByKey(ids, rows, (r) => r.conference_id).map((list) => list.map(offerFromRow));
    });
  }

  /** The ids of each conference's children with no advocate offer on record (AdvocacyGaps). */
  childrenWithoutOffer(ctx: Ctx) {
    return loader<string, string[]>(ctx, 'advocacyGaps', async (ids) => {
      const rows = await this.gaps.forConferences(ctx.user!.authorityId, ids);
      return groupByKey(ids, rows, (r) => r.conference_id).map((list) => list.map((r) => r.child_id));
    });
  }

  /** Keyed `${conferenceId}:${childId}`: an offer is on record for the child for this conference. */
  offered(ctx: Ctx) {
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
    });
  }
}
