import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKey, groupByKey, loader } from '../common/loaders';
import { discussionFromRow, enquiryFromRow, Section47EnquiryRow, Section47EnquiryType, StrategyDiscussionRow, StrategyDiscussionType } from './section47.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of strategy discussions and enquiries, within the caller's authority. */
@Injectable()
export class Section47Loaders {
  constructor(private readonly dataSource: DataSource) {}

  discussion(ctx: Ctx) {
    return loader<string, StrategyDiscussionType | null>(ctx, 'strategyDiscussion', async (ids) => {
      const rows: StrategyDiscussionRow[] = await this.dataSource.query('SELECT * FROM strategy_discussion WHERE authority_id = $1 AND id = ANY($2)', [ctx.user!.authorityId, ids]);
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? discussionFromRow(r) : null));
    });
  }

  enquiry(ctx: Ctx) {
    return loader<string, Section47EnquiryType | null>(ctx, 'section47Enquiry', async (ids) => {
      const rows: Section47EnquiryRow[] = await this.dataSource.query('SELECT * FROM section47_enquiry WHERE authority_id = $1 AND id = ANY($2)', [ctx.user!.authorityId, ids]);
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? enquiryFromRow(r) : null));
    });
  }

  /** A discussion's enquiries, by the children's case reference. */
  enquiriesOf(ctx: Ctx) {
    return loader<string, Section47EnquiryType[]>(ctx, 'strategyDiscussion:enquiries', async (ids) => {
      const rows: Section47EnquiryRow[] = await this.dataSource.query(
        `SELECT e.* FROM section47_enquiry e JOIN child c ON c.id = e.child_id
         WHERE e.authority_id = $1 AND e.strategy_discussion_id = ANY($2) ORDER BY c.case_reference`,
        [ctx.user!.authorityId, ids],
      );
      return groupByKey(ids, rows, (r) => r.strategy_discussion_id).map((list) => list.map(enquiryFromRow));
    });
  }
}
