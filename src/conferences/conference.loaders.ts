import { Injectable } from '@nestjs/common';
import { byKey, groupByKey, loader } from '../common/loaders';
import { conferenceNode } from './conference.nodes';
import { ConferenceChildRecord, ConferenceRepository } from './conference.repository';
import { ConferenceType } from './conference.types';

type Ctx = { user?: { authorityId: string } };

/** Batched conference reads within the caller's authority: one statement per kind per request tick. */
@Injectable()
export class ConferenceLoaders {
  constructor(private readonly conferences: ConferenceRepository) {}

  conference(ctx: Ctx) {
    return loader<string, ConferenceType | null>(ctx, 'conference', async (ids) => {
      const records = await this.conferences.findMany(ctx.user!.authorityId, ids);
      return byKey(ids, records, (r) => r.id).map((r) => (r ? conferenceNode(r) : null));
    });
  }

  /** The children of each conference with their outcome and participation, in case-reference order. */
  children(ctx: Ctx) {
    return loader<string, ConferenceChildRecord[]>(ctx, 'conference:children', async (ids) => {
      const records = await this.conferences.childrenOf(ctx.user!.authorityId, ids);
      return groupByKey(ids, records, (r) => r.conferenceId);
    });
  }

  /** A child's conferences, most recent due date first. */
  ofChild(ctx: Ctx) {
    return loader<string, ConferenceType[]>(ctx, 'conference:ofChild', async (ids) => {
      const records = await this.conferences.ofChildren(ctx.user!.authorityId, ids);
      return groupByKey(ids, records, (r) => r.childId).map((list) => list.map(conferenceNode));
    });
  }
}
