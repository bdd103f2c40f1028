import { Module } from '@nestjs/common';
import { ActionLoaders } from './action.loaders';
import { ActionRepository } from './action.repository';
import { ActionResolver } from './action.resolver';
import { ActionService } from './action.service';
import { OverdueActions } from './overdue-actions';

/** The shared action mechanism; conversations, escalations, core groups and audits create actions through ActionService. */
@Module({
  providers: [ActionRepository, ActionService, ActionLoaders, OverdueActions, ActionResolver],
  exports: [ActionRepository, ActionService, ActionLoaders, OverdueActions],
})
export class ActionsModule {}
