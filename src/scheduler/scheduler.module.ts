import { Module } from '@nestjs/common';
import { EscalationsModule } from '../escalations/escalations.module';
import { InboxModule } from '../inbox/inbox.module';
import { DeadlineSweepService } from './deadline-sweep.service';
import { SweepResolver } from './sweep.resolver';
import { SweepScheduler } from './sweep-scheduler';

@Module({
  imports: [EscalationsModule, InboxModule],
  providers: [DeadlineSweepService, SweepScheduler, SweepResolver],
  exports: [DeadlineSweepService],
})
export class SchedulerModule {}
