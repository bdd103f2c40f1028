import { Module } from '@nestjs/common';
import { CoreGroupsModule } from '../core-groups/core-groups.module';
import { PlanLoaders } from './plan.loaders';
import { ChildPlansResolver, CoreGroupPlanResolver, OutcomePlanResolver, PlanResolver } from './plan.resolver';
import { PlanService } from './plan.service';

/** Child protection plans: started, continued and ended by conferences, or ended outside a review. */
@Module({
  imports: [CoreGroupsModule],
  providers: [PlanService, PlanLoaders, PlanResolver, ChildPlansResolver, OutcomePlanResolver, CoreGroupPlanResolver],
  exports: [PlanService, PlanLoaders],
})
export class PlansModule {}
