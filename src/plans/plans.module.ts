import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { CoreGroupsModule } from '../core-groups/core-groups.module';
import { PlanEndHooks } from './plan-end-hooks';
import { PlanLoaders } from './plan.loaders';
import { PlanRepository } from './plan.repository';
import { ChildPlansResolver, CoreGroupPlanResolver, PlanResolver } from './plan.resolver';
import { PlanService } from './plan.service';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { PolicyModule } from '../auth/policy.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReadPool } from '../common/read-pool';

/** Child protection plans: started, continued and ended by conferences, or ended outside a review. */
@Module({
  imports: [
    ActionsModule,
    CoreGroupsModule,
    AuditModule,
    ClockModule,
    DirectoryModule,
    IdempotencyModule,
    PolicyModule,
    WorkflowModule,
  ],
  providers: [
    ReadPool,
    PlanRepository,
    PlanService,
    PlanEndHooks,
    PlanLoaders,
    PlanResolver,
    ChildPlansResolver,
    CoreGroupPlanResolver,
  ],
  exports: [PlanService, PlanEndHooks, PlanLoaders],
})
export class PlansModule {}
