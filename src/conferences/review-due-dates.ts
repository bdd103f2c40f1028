import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { firstReviewDueBy } from '../calendar/timescales';
import { maxDate, minDate } from '../calendar/working-calendar';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { BirthHooks } from '../directory/birth-hooks';
import { WorkflowService } from '../workflow/workflow.service';
import { conferenceMachine } from './conference.machine';

/**
 * recordBirth moves the first review of a pre-birth plan: it is due by the sooner of 3 months
 * after the ICPC and 10 working days after the birth (local procedure; firstReviewDueBy). The
 * interval is the authority setting the review's conference captured when it was requested (issue 14).
 */
@Injectable()
export class ReviewDueDates implements OnModuleInit {
  constructor(
    private readonly birthHooks: BirthHooks,
    private readonly settings: AuthoritySettingsService,
    private readonly workflow: WorkflowService,
  ) {}

  onModuleInit(): void {
    this.birthHooks.register((manager, user, childId, dateOfBirth) => this.onBirth(manager, user, childId, dateOfBirth));
  }

  async onBirth(manager: EntityManager, user: CurrentUser, childId: string, dateOfBirth: string): Promise<void> {
    // Only the first review (requested by the conference that started the plan) of a plan started unborn.
    const reviews: { id: string; due_by: string; start_date: string; plan_id: string; pre_birth_review_working_days: number }[] = await manager.query(
      `SELECT c.id, c.due_by, p.start_date, p.id AS plan_id, c.pre_birth_review_working_days FROM conference c
       JOIN conference_child cc ON cc.conference_id = c.id
       JOIN child_protection_plan p ON p.child_id = cc.child_id AND p.status = 'ACTIVE' AND p.unborn_at_start
         AND c.previous_conference_id = p.started_by_conference_id
       WHERE cc.child_id = $1 AND c.authority_id = $2 AND c.type = 'REVIEW' AND c.status IN ('REQUESTED', 'SCHEDULED')
       FOR UPDATE OF c`,
      [childId, user.authorityId],
    );
    if (!reviews.length) return;
    const { calendar } = await this.settings.get(user.authorityId, manager);
    for (const r of reviews) {
      // A birth recorded as before the conference cannot precede it for this rule: count from the conference.
      const computed = firstReviewDueBy(calendar, { heldOn: r.start_date, unbornAtConference: true, dateOfBirth: maxDate(dateOfBirth, r.start_date), birthWorkingDays: r.pre_birth_review_working_days });
      // One review serves the siblings: it is due by the soonest of their dates.
      const dueBy = minDate(computed, r.due_by);
      if (dueBy === r.due_by) continue;
      await this.workflow.update(manager, conferenceMachine, {
        id: r.id, authorityId: user.authorityId, set: { due_by: dueBy },
        audit: {
          actorId: user.staffId, action: 'CONFERENCE_DUE_DATE_RECOMPUTED', reason: 'birth recorded: first review of a pre-birth plan',
          details: { childId, planId: r.plan_id, dateOfBirth, workingDaysAfterBirth: r.pre_birth_review_working_days, from: r.due_by, to: dueBy },
        },
      });
    }
  }
}
