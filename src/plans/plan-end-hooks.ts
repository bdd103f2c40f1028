import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { Hooks } from '../common/hooks';

/**
 * Run when a plan ends outside a review (endChildProtectionPlan), in its transaction, after the
 * plan's row is locked and ended. Conferences register here to take the child out of its open review.
 */
@Injectable()
export class PlanEndHooks extends Hooks<[manager: EntityManager, user: CurrentUser, childId: string, why: string]> {}
