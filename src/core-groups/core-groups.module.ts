import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { CoreGroupLoaders } from './core-group.loaders';
import { CoreGroupRepository } from './core-group.repository';
import { ActionProgressResolver, CoreGroupMeetingResolver, CoreGroupResolver } from './core-group.resolver';
import { CoreGroupService } from './core-group.service';
import { DriftService } from './drift.service';

/** Core groups, their meetings, progress against plan actions, and drift. */
@Module({
  imports: [ActionsModule],
  providers: [CoreGroupRepository, CoreGroupService, CoreGroupLoaders, DriftService, CoreGroupResolver, CoreGroupMeetingResolver, ActionProgressResolver],
  exports: [CoreGroupService, CoreGroupLoaders, DriftService],
})
export class CoreGroupsModule {}
