import { Module } from '@nestjs/common';
import { PolicyService } from './policy.service';

/**
 * The relationship half of authorization. PolicyService asks the TeamDirectory port, which the
 * directory binds; it is looked up when first needed, so this module imports no domain module.
 */
@Module({
  providers: [PolicyService],
  exports: [PolicyService],
})
export class PolicyModule {}
