import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { EscalationsModule } from '../escalations/escalations.module';
import { AdvocacyModule } from '../advocacy/advocacy.module';
import { CoreGroupsModule } from '../core-groups/core-groups.module';
import { CaseAuditsModule } from '../case-audits/case-audits.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { DeadlineSweepService } from './deadline-sweep.service';
import { SweepResolver } from './sweep.resolver';
import { SweepScheduler } from './sweep-scheduler';
import { ClockModule } from '../clock/clock.module';

@Module({
  imports: [
    EscalationsModule,
    ActionsModule,
    AdvocacyModule,
    CoreGroupsModule,
    CaseAuditsModule,
    ConferencesModule,
    ClockModule,
  ],
  providers: [DeadlineSweepService, SweepScheduler, SweepResolver],
  exports: [DeadlineSweepService],
})
export class SchedulerModule {}
