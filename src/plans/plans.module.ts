import { Module } from '@nestjs/common';
import { CoreGroupsModule } from '../core-groups/core-groups.module';
import { PlanEndHooks } from './plan-end-hooks';
import { PlanLoaders } from './plan.loaders';
import { PlanRepository } from './plan.repository';
import { ChildPlansResolver, CoreGroupPlanResolver, PlanResolver } from './plan.resolver';
import { PlanService } from './plan.service';

/** Child protection plans: started, continued and ended by conferences, or ended outside a review. */
@Module({
  imports: [CoreGroupsModule],
  providers: [PlanRepository, PlanService, PlanEndHooks, PlanLoaders, PlanResolver, ChildPlansResolver, CoreGroupPlanResolver],
  exports: [PlanService, PlanEndHooks, PlanLoaders],
})
export class PlansModule {}
