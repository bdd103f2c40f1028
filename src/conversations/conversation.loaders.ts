import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKey, loader } from '../common/loaders';
import { conversationFromRow, ConversationRow, ConversationType } from './conversation.types';

@Injectable()
export class ConversationLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: { user?: { authorityId: string } }) {
    return loader<string, ConversationType | null>(ctx, 'conversation', async (ids) => {
      const rows: ConversationRow[] = await this.dataSource.query('SELECT * FROM conversation WHERE authority_id = $1 AND id = ANY($2)', [ctx.user!.authorityId, ids]);
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? conversationFromRow(r) : null));
    });
  }
}
