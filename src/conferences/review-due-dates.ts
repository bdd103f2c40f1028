import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { firstReviewDueBy } from '../calendar/timescales';
import { maxDate, minDate } from '../calendar/working-calendar';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { BirthHooks } from '../directory/birth-hooks';
import { WorkflowService } from '../workflow/workflow.service';
import { conferenceMachine } from './conference.machine';
import { ConferenceRepository } from './conference.repository';

/**
 * recordBirth moves the first review of a pre-birth plan: it is due by the sooner of 3 months
 * after the ICPC and 10 working days after the birth (local procedure; firstReviewDueBy).
 */
@Injectable()
export class ReviewDueDates implements OnModuleInit {
  constructor(
    private readonly birthHooks: BirthHooks,
    private readonly settings: AuthoritySettingsService,
    private readonly workflow: WorkflowService,
    private readonly conferences: ConferenceRepository,
  ) {}

  onModuleInit(): void {
    this.birthHooks.register((manager, user, childId, dateOfBirth) => this.onBirth(manager, user, childId, dateOfBirth));
  }

  async onBirth(manager: EntityManager, user: CurrentUser, childId: string, dateOfBirth: string): Promise<void> {
    // Only the first review (requested by the conference that started the plan) of a plan started unborn.
    const reviews = await this.conferences.lockFirstReviewsOfUnbornPlan(manager, user.authorityId, childId);
    if (!reviews.length) return;
    const { calendar } = await this.settings.get(user.authorityId, manager);
    for (const r of reviews) {
      // A birth recorded as before the conference cannot precede it for this rule: count from the conference.
      const computed = firstReviewDueBy(calendar, { heldOn: r.planStartDate, unbornAtConference: true, dateOfBirth: maxDate(dateOfBirth, r.planStartDate) });
      // One review serves the siblings: it is due by the soonest of their dates.
      const dueBy = minDate(computed, r.dueBy);
      if (dueBy === r.dueBy) continue;
      await this.workflow.update(manager, conferenceMachine, {
        id: r.id, authorityId: user.authorityId, set: { due_by: dueBy },
        audit: {
          actorId: user.staffId, action: 'CONFERENCE_DUE_DATE_RECOMPUTED', reason: 'birth recorded: first review of a pre-birth plan',
          details: { childId, planId: r.planId, dateOfBirth, from: r.dueBy, to: dueBy },
        },
      });
    }
  }
}
