import { Injectable } from '@nestjs/common';
import { byKey, groupByKey, loader } from '../common/loaders';
import { Section47Repository } from './section47.repository';
import { discussionNode, enquiryNode, Section47EnquiryType, StrategyDiscussionType } from './section47.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of strategy discussions and enquiries, within the caller's authority. */
@Injectable()
export class Section47Loaders {
  constructor(private readonly s47: Section47Repository) {}

  discussion(ctx: Ctx) {
    return loader<string, StrategyDiscussionType | null>(ctx, 'strategyDiscussion', async (ids) => {
      const records = await this.s47.findDiscussions(ctx.user!.authorityId, ids);
      return byKey(ids, records, (r) => r.id).map((r) => (r ? discussionNode(r) : null));
    });
  }

  enquiry(ctx: Ctx) {
    return loader<string, Section47EnquiryType | null>(ctx, 'section47Enquiry', async (ids) => {
      const records = await this.s47.findEnquiries(ctx.user!.authorityId, ids);
      return byKey(ids, records, (r) => r.id).map((r) => (r ? enquiryNode(r) : null));
    });
  }

  /** A discussion's enquiries, by the children's case reference. */
  enquiriesOf(ctx: Ctx) {
    return loader<string, Section47EnquiryType[]>(ctx, 'strategyDiscussion:enquiries', async (ids) => {
      const records = await this.s47.enquiriesOfDiscussions(ctx.user!.authorityId, ids);
      return groupByKey(ids, records, (r) => r.strategyDiscussionId).map((list) => list.map(enquiryNode));
    });
  }
}
