import { Module } from '@nestjs/common';
import { ActionLoaders } from './action.loaders';
import { ActionResolver } from './action.resolver';
import { ActionService } from './action.service';

/** The shared action mechanism; conversations, escalations, core groups and audits create actions through ActionService. */
@Module({
  providers: [ActionService, ActionLoaders, ActionResolver],
  exports: [ActionService, ActionLoaders],
})
export class ActionsModule {}
