import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKey, groupByKey, loader } from '../common/loaders';
import { ConferenceChildRow, conferenceFromRow, ConferenceRow } from './conference.rows';
import { ConferenceType } from './conference.types';

type Ctx = { user?: { authorityId: string } };

/** Batched conference reads within the caller's authority: one statement per kind per request tick. */
@Injectable()
export class ConferenceLoaders {
  constructor(private readonly dataSource: DataSource) {}

  conference(ctx: Ctx) {
    return loader<string, ConferenceType | null>(ctx, 'conference', async (ids) => {
      const rows: ConferenceRow[] = await this.dataSource.query('SELECT * FROM conference WHERE id = ANY($1) AND authority_id = $2', [ids, ctx.user!.authorityId]);
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? conferenceFromRow(r) : null));
    });
  }

  /** The children of each conference with their outcome and participation, in case-reference order. */
  children(ctx: Ctx) {
    return loader<string, ConferenceChildRow[]>(ctx, 'conference:children', async (ids) => {
      const rows: ConferenceChildRow[] = await this.dataSource.query(
        `SELECT cc.* FROM conference_child cc JOIN child c ON c.id = cc.child_id
         WHERE cc.conference_id = ANY($1) AND cc.authority_id = $2 ORDER BY c.case_reference`,
        [ids, ctx.user!.authorityId],
      );
      return groupByKey(ids, rows, (r) => r.conference_id);
    });
  }

  /** A child's conferences, most recent due date first. */
  ofChild(ctx: Ctx) {
    return loader<string, ConferenceType[]>(ctx, 'conference:ofChild', async (ids) => {
      const rows: (ConferenceRow & { child_id: string })[] = await this.dataSource.query(
        `SELECT c.*, cc.child_id FROM conference c JOIN conference_child cc ON cc.conference_id = c.id
         WHERE cc.child_id = ANY($1) AND c.authority_id = $2 ORDER BY c.due_by DESC, c.id`,
        [ids, ctx.user!.authorityId],
      );
      return groupByKey(ids, rows, (r) => r.child_id).map((list) => list.map(conferenceFromRow));
    });
  }
}
