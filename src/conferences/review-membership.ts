import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { PlanEndHooks } from '../plans/plan-end-hooks';
import { WorkflowService } from '../workflow/workflow.service';
import { conferenceMachine } from './conference.machine';

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
  ) {}

  onModuleInit(): void {
    this.planEndHooks.register((manager, user, childId, why) => this.leaveOpenReview(manager, user, childId, why));
  }

  async leaveOpenReview(manager: EntityManager, user: CurrentUser, childId: string, why: string): Promise<void> {
    const locked: { id: string }[] = await manager.query(
      `SELECT c.id FROM conference c JOIN conference_child cc ON cc.conference_id = c.id
       WHERE c.authority_id = $1 AND cc.child_id = $2 AND c.type = 'REVIEW' AND c.status IN ('REQUESTED', 'SCHEDULED') FOR UPDATE OF c`,
      [user.authorityId, childId],
    );
    for (const { id } of locked) {
      // Counted after the lock, in a statement of its own: a sibling's plan ended concurrently
      // must be seen, or the review would be left open with no children.
      const [{ children }]: { children: number }[] = await manager.query('SELECT count(*)::int AS children FROM conference_child WHERE conference_id = $1', [id]);
      if (children <= 1) {
        await this.workflow.transition(manager, conferenceMachine, {
          id, authorityId: user.authorityId, operation: 'cancel', actorId: user.staffId,
          reason: `no child of this review has an active plan: ${why}`, set: { cancelled_on: this.clock.today() },
        });
      } else {
        await manager.query('DELETE FROM conference_child WHERE conference_id = $1 AND child_id = $2', [id, childId]);
        await this.workflow.update(manager, conferenceMachine, {
          id, authorityId: user.authorityId, audit: { actorId: user.staffId, action: 'CONFERENCE_CHILD_REMOVED', reason: why, details: { childId } },
        });
      }
    }
  }
}
