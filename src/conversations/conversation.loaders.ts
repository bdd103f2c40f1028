import { Injectable } from '@nestjs/common';
import { byKey, loader } from '../common/loaders';
import { ConversationRepository } from './conversation.repository';
import { ConversationType } from './conversation.types';

@Injectable()
export class ConversationLoaders {
  constructor(private readonly conversations: ConversationRepository) {}

  byId(ctx: { user?: { authorityId: string } }) {
    return loader<string, ConversationType | null>(ctx, 'conversation', async (ids) => {
      const records = await this.conversations.findMany(ctx.user!.authorityId, ids);
      return byKey(ids, records, (r) => r.id).map((r) => r ?? null);
    });
  }
}
