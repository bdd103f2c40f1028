import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { firstReviewDueBy, laterReviewDueBy } from '../calendar/timescales';
import { maxDate, minDate, WorkingCalendar } from '../calendar/working-calendar';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { BirthHooks } from '../directory/birth-hooks';
import { WorkflowService } from '../workflow/workflow.service';
import { conferenceMachine } from './conference.machine';
import { ConferenceRepository } from './conference.repository';

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
    private readonly conferences: ConferenceRepository,
  ) {}

  onModuleInit(): void {
    this.birthHooks.register((manager, user, childId, dateOfBirth) =>
      this.onBirth(manager, user, childId, dateOfBirth),
    );
  }

  async onBirth(manager: EntityManager, user: CurrentUser, childId: string, dateOfBirth: string): Promise<void> {
    // Only the first review (requested by the conference that started the plan) of a plan started unborn.
    const reviews = await this.conferences.lockFirstReviewsOfUnbornPlan(manager, user.authorityId, childId);
    if (!reviews.length) return;
    const { calendar } = await this.settings.get(user.authorityId, manager);
    for (const r of reviews) {
      const dueBy = firstReviewDueAfterBirth(calendar, r, dateOfBirth);
      if (!dueBy) continue;
      await this.workflow.update(manager, conferenceMachine, {
        id: r.id,
        authorityId: user.authorityId,
        set: { due_by: dueBy },
        audit: {
          actorId: user.staffId,
          action: 'CONFERENCE_DUE_DATE_RECOMPUTED',
          reason: 'birth recorded: first review of a pre-birth plan',
          details: {
            childId,
            planId: r.planId,
            dateOfBirth,
            workingDaysAfterBirth: r.preBirthReviewWorkingDays,
            from: r.dueBy,
            to: dueBy,
          },
        },
      });
    }
  }
}

/**
 * The first review of a plan started unborn, once the birth is recorded: the sooner of its current due
 * date and `preBirthReviewWorkingDays` working days after the birth (firstReviewDueBy from the plan's
 * start; the interval the review captured from its conference, 10 by default, issue 14). A birth recorded
 * as before the conference counts from the conference. One review serves siblings, so it never moves later.
 * Null when the date does not move.
 */
export function firstReviewDueAfterBirth(
  calendar: WorkingCalendar,
  review: { planStartDate: string; dueBy: string; preBirthReviewWorkingDays: number },
  dateOfBirth: string,
): string | null {
  const computed = firstReviewDueBy(calendar, {
    heldOn: review.planStartDate,
    unbornAtConference: true,
    dateOfBirth: maxDate(dateOfBirth, review.planStartDate),
    birthWorkingDays: review.preBirthReviewWorkingDays,
  });
  const dueBy = minDate(computed, review.dueBy);
  return dueBy === review.dueBy ? null : dueBy;
}

/** A child whose plan a held conference starts or continues, as the next review's date needs it. */
export interface ReviewedChild {
  /** no birth recorded, or one recorded as after the conference */
  unbornAtConference: boolean;
  dateOfBirth: string | null;
}

/**
 * The review a held conference requests for the plans it starts or continues. After a review: 6 months
 * (laterReviewDueBy). After an initial or transfer-in conference: 3 months, or `preBirthReviewWorkingDays`
 * (the held conference's captured setting, 10 by default, issue 14) working days after the birth of a
 * child born since a pre-birth conference if sooner; one review for the siblings, due by the soonest of
 * their dates.
 */
export function nextReviewDueBy(
  calendar: WorkingCalendar,
  held: { type: string; heldOn: string; preBirthReviewWorkingDays: number },
  children: [ReviewedChild, ...ReviewedChild[]],
): string {
  if (held.type === 'REVIEW') return laterReviewDueBy(held.heldOn);
  const [first, ...rest] = children.map((c) =>
    firstReviewDueBy(calendar, {
      heldOn: held.heldOn,
      unbornAtConference: c.unbornAtConference,
      dateOfBirth: c.dateOfBirth,
      birthWorkingDays: held.preBirthReviewWorkingDays,
    }),
  );
  return minDate(first, ...rest);
}
