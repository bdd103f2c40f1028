import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { PlanEndHooks } from '../plans/plan-end-hooks';
import { WorkflowService } from '../workflow/workflow.service';
import { conferenceMachine } from './conference.machine';
import { ConferenceRepository } from './conference.repository';

/**
 * Who an open review is for. A child whose plan ends outside a review leaves its open review; a
 * review left with no children is cancelled. Runs in the plan's transaction (PlanEndHooks).
 */
@Injectable()
export class ReviewMembership implements OnModuleInit {
  constructor(
    private readonly clock: Clock,
    private readonly workflow: WorkflowService,
    private readonly planEndHooks: PlanEndHooks,
    private readonly conferences: ConferenceRepository,
  ) {}

  onModuleInit(): void {
    this.planEndHooks.register((manager, user, childId, why) => this.leaveOpenReview(manager, user, childId, why));
  }

  async leaveOpenReview(manager: EntityManager, user: CurrentUser, childId: string, why: string): Promise<void> {
    const locked = await this.conferences.lockOpenReviewsOfChild(manager, user.authorityId, childId);
    for (const id of locked) {
      // Counted after the lock, in a statement of its own: a sibling's plan ended concurrently
      // must be seen, or the review would be left open with no children.
      const children = await this.conferences.countChildren(manager, user.authorityId, id);
      if (children <= 1) {
        await this.workflow.transition(manager, conferenceMachine, {
          id,
          authorityId: user.authorityId,
          operation: 'cancel',
          actorId: user.staffId,
          reason: `no child of this review has an active plan: ${why}`,
          set: { cancelled_on: this.clock.today() },
        });
      } else {
        await this.conferences.removeChild(manager, user.authorityId, id, childId);
        await this.workflow.update(manager, conferenceMachine, {
          id,
          authorityId: user.authorityId,
          audit: { actorId: user.staffId, action: 'CONFERENCE_CHILD_REMOVED', reason: why, details: { childId } },
        });
      }
    }
  }
}
