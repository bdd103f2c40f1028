import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActionService } from '../actions/action.service';
import { CurrentUser } from '../auth/principal';
import { firstCoreGroupDueBy } from '../calendar/timescales';
import { WorkingCalendar } from '../calendar/working-calendar';
import { Clock } from '../clock/clock';
import { badInput, conflict } from '../common/errors';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { CommandRunner } from '../idempotency/command-runner';
import { PlanRecord } from '../plans/plan.repository';
import { PlanService } from '../plans/plan.service';
import { WorkflowService } from '../workflow/workflow.service';
import { minutesDueBy } from './conference-attendance';
import { heldConferenceProblems } from './conference-held.rules';
import { InquorateConferences, quorumOf } from './inquorate-conferences';
import { RecordConferenceHeldInput } from './conference.inputs';
import { conferenceMachine } from './conference.machine';
import { ConferenceRecord, ConferenceRepository } from './conference.repository';
import { precheck } from '../workflow/decide';
import { ConferenceService, LockedChild, lockChildren, proceduresOf } from './conference.service';
import { PlanDecision } from './conference.types';
import { nextReviewDueBy, ReviewedChild } from './review-due-dates';

/** An unborn child at the conference: no birth recorded, or a birth recorded after it. */
const unbornOn = (child: LockedChild, day: string) => !child.dateOfBirth || child.dateOfBirth > day;

/**
 * recordConferenceHeld: outcomes per child, plans started/continued/ended, core groups, the
 * outline plan's actions, and the next review conference requested by itself.
 */
@Injectable()
export class ConferenceHeldService {
  constructor(
    private readonly clock: Clock,
    private readonly commands: CommandRunner,
    private readonly workflow: WorkflowService,
    private readonly settings: AuthoritySettingsService,
    private readonly plans: PlanService,
    private readonly actions: ActionService,
    private readonly reconvene: InquorateConferences,
    private readonly service: ConferenceService,
    private readonly conferences: ConferenceRepository,
  ) {}

  async record(user: CurrentUser, input: RecordConferenceHeldInput): Promise<string> {
    return this.commands.run({ user, operation: 'recordConferenceHeld', input }, async (manager) => {
      // Lock order everywhere: children, then conference, then plans (recordBirth and endChildProtectionPlan too).
      const membersOf = () => this.conferences.memberIds(manager, user.authorityId, input.conferenceId);
      const childIds = await membersOf();
      const children = await lockChildren(manager, user.authorityId, childIds, 'outcomes');
      const conf = await this.service.lock(manager, user.authorityId, input.conferenceId);
      precheck(conferenceMachine, conf, 'hold', input.expectedVersion);
      if ((await membersOf()).join() !== childIds.join())
        throw conflict("The conference's children changed meanwhile; reload and try again");
      const activePlans = new Map<string, PlanRecord>(
        (await this.plans.lockActiveOf(manager, user.authorityId, childIds)).map((p) => [p.childId, p]),
      );
      const settings = await this.settings.get(user.authorityId, manager);
      const quorum = quorumOf(settings, input);
      const problems = [
        ...heldConferenceProblems(
          conf,
          input,
          childIds,
          (id) => activePlans.has(id),
          this.clock.today(),
          quorum.decides,
        ),
        ...quorum.problems,
      ];
      if (problems.length) throw badInput(problems);
      if (!quorum.decides) return this.reconvene.inquorate(manager, user, conf, input, childIds, settings);

      const { calendar } = settings;
      const childById = new Map(children.map((c) => [c.id, c]));
      const participation = new Map((input.participation ?? []).map((p) => [p.childId, p]));
      const planOf = new Map<string, string>();
      for (const o of input.outcomes) {
        const plan = activePlans.get(o.childId);
        if (o.decision === PlanDecision.PLAN_STARTED) {
          planOf.set(
            o.childId,
            await this.plans.start(manager, user, {
              childId: o.childId,
              category: o.category!,
              startDate: input.heldOn,
              conferenceId: conf.id,
              unbornAtStart: unbornOn(childById.get(o.childId)!, input.heldOn),
              firstCoreGroupDueBy: firstCoreGroupDueBy(calendar, input.heldOn),
            }),
          );
        } else if (o.decision === PlanDecision.PLAN_CONTINUED) {
          await this.plans.continueAtReview(manager, user, plan!, conf.id, o.category);
          planOf.set(o.childId, plan!.id);
        } else if (o.decision === PlanDecision.PLAN_ENDED) {
          await this.plans.endAtReview(manager, user, plan!, conf.id, input.heldOn, o.endReason!);
          planOf.set(o.childId, plan!.id);
        }
        const p = participation.get(o.childId);
        await this.conferences.recordOutcome(manager, user.authorityId, conf.id, o.childId, {
          decision: o.decision,
          category:
            o.category ??
            (o.decision === PlanDecision.PLAN_CONTINUED || o.decision === PlanDecision.PLAN_ENDED
              ? plan!.category
              : null),
          endReason: o.endReason ?? null,
          planId: planOf.get(o.childId) ?? null,
          attended: p?.attended ?? null,
          viewsShared: p?.viewsShared ?? null,
        });
      }
      await this.workflow.transition(manager, conferenceMachine, {
        id: conf.id,
        authorityId: user.authorityId,
        operation: 'hold',
        actorId: user.staffId,
        expectedVersion: input.expectedVersion,
        reason: input.delayReason ?? null,
        set: {
          held_on: input.heldOn,
          delay_reason: input.delayReason ?? null,
          ...quorum.set,
          minutes_due_by: minutesDueBy(settings, input.heldOn),
        },
        details: {
          heldOn: input.heldOn,
          dueBy: conf.dueBy,
          withinTimescale: input.heldOn <= conf.dueBy,
          ...quorum.details,
          outcomes: input.outcomes.map((o) => ({
            childId: o.childId,
            decision: o.decision,
            category: o.category ?? null,
            planId: planOf.get(o.childId) ?? null,
          })),
        },
      });
      await this.requestNextReview(manager, user, conf, input, children, calendar);
      await this.reconvene.minutesOwed(manager, user, conf, input.heldOn, minutesDueBy(settings, input.heldOn));
      for (const [i, o] of input.outcomes.entries()) {
        if (!o.actions?.length) continue;
        await this.actions.createActions(manager, user, {
          source: 'CONFERENCE',
          subjectType: 'Conference',
          subjectId: conf.id,
          childId: o.childId,
          planId: planOf.get(o.childId),
          agreedOn: input.heldOn,
          actions: o.actions,
          field: `outcomes.${i}.actions`,
        });
      }
      return conf.id;
    });
  }

  /**
   * One REVIEW conference for the children whose plans start or continue together. First review:
   * 3 months after the conference (sooner for a pre-birth plan once the birth is known); later: 6 months.
   */
  private async requestNextReview(
    manager: EntityManager,
    user: CurrentUser,
    conf: ConferenceRecord,
    input: RecordConferenceHeldInput,
    children: LockedChild[],
    calendar: WorkingCalendar,
  ): Promise<void> {
    const carried = input.outcomes
      .filter((o) => o.decision === PlanDecision.PLAN_STARTED || o.decision === PlanDecision.PLAN_CONTINUED)
      .map((o) => o.childId);
    if (!carried.length) return;
    const reviewed = children.filter((c) => carried.includes(c.id));
    // The plan stays on the rules its first conference was requested under (issue 14).
    const { preBirthReviewWorkingDays } = proceduresOf(conf);
    const dueBy = nextReviewDueBy(
      calendar,
      { type: conf.type, heldOn: input.heldOn, preBirthReviewWorkingDays },
      reviewed.map((c) => ({ unbornAtConference: unbornOn(c, input.heldOn), dateOfBirth: c.dateOfBirth })) as [
        ReviewedChild,
        ...ReviewedChild[],
      ],
    );
    await this.service.assertNoOpenConference(manager, user.authorityId, reviewed, 'REVIEW', 'outcomes');
    await this.service.insert(manager, user, {
      type: 'REVIEW',
      teamId: conf.teamId,
      childIds: carried,
      clockStart: input.heldOn,
      dueBy,
      previousConferenceId: conf.id,
      preBirthReviewWorkingDays,
    });
  }
}
