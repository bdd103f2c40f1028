import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Role } from '../auth/role';
import { initialConferenceDueBy, transferInConferenceDueBy } from '../calendar/timescales';
import { londonDate } from '../calendar/london-date';
import { Clock } from '../clock/clock';
import { badField, badInput, notFound } from '../common/errors';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { TransferInClockStart, transferInClockStartDate } from '../directory/authority-procedure-settings';
import { LockedChild, lockChildren, oneTeam } from '../directory/locked-children';
export type { LockedChild } from '../directory/locked-children';
export { lockChildren, oneTeam } from '../directory/locked-children';
import { CommandRunner } from '../idempotency/command-runner';
import { precheck } from '../workflow/decide';
import { WorkflowService } from '../workflow/workflow.service';
import { Section47Records } from '../section47/section47.records';
import { RequestInitialConferenceInput, ScheduleConferenceInput } from './conference.inputs';
import { reportSharedDueBy } from './conference-attendance';
import { conferenceMachine } from './conference.machine';
import { ConferenceKind, ConferenceRecord, ConferenceRepository } from './conference.repository';

/** Requesting, scheduling and cancelling conferences. Holding one is ConferenceHeldService. */
@Injectable()
export class ConferenceService {
  constructor(
    private readonly clock: Clock,
    private readonly conferences: ConferenceRepository,
    private readonly commands: CommandRunner,
    private readonly workflow: WorkflowService,
    private readonly policy: PolicyService,
    private readonly settings: AuthoritySettingsService,
    private readonly s47: Section47Records,
    private readonly staff: DirectoryRepository,
  ) {}

  /** An ICPC for s47 enquiries, or (the first form, kept) for children and their strategy discussion's date. */
  async requestInitial(
    user: CurrentUser,
    input: RequestInitialConferenceInput,
    idempotencyKey: string | null,
  ): Promise<string> {
    if (!input.section47EnquiryIds) {
      if (!input.childIds) throw badField('childIds', 'is required unless section47EnquiryIds is given');
      if (!input.strategyDiscussionDate) throw badField('strategyDiscussionDate', 'is required with childIds');
      return this.request(user, 'INITIAL', input.childIds, input.strategyDiscussionDate, idempotencyKey);
    }
    if (input.childIds || input.strategyDiscussionDate)
      throw badField('section47EnquiryIds', 'stands in for childIds and strategyDiscussionDate: give one or the other');
    const enquiryIds = input.section47EnquiryIds;
    return this.commands.run(
      { user, operation: 'requestInitialConference', input: { section47EnquiryIds: enquiryIds }, idempotencyKey },
      async (manager) => {
        const enquiries = await this.s47.lockEnquiriesForConference(manager, user.authorityId, enquiryIds);
        const childIds = enquiries.map((e) => e.childId);
        const children = await lockChildren(manager, user.authorityId, childIds, 'section47EnquiryIds');
        const teamId = oneTeam(children, 'section47EnquiryIds');
        await this.assertNoOpenConference(manager, user.authorityId, children, 'INITIAL', 'section47EnquiryIds');
        // The conference's own clock runs from the earliest enquiry; each child's timeliness from its own.
        const clockStart = enquiries.map((e) => e.startedOn).sort()[0];
        const { calendar, procedures } = await this.settings.get(user.authorityId, manager);
        const id = await this.insert(manager, user, {
          type: 'INITIAL',
          teamId,
          childIds,
          clockStart,
          dueBy: initialConferenceDueBy(calendar, clockStart),
          strategyDiscussionDate: clockStart,
          preBirthReviewWorkingDays: procedures.preBirthReviewWorkingDays,
        });
        await this.s47.linkEnquiriesToConference(manager, user, enquiryIds, id);
        return id;
      },
    );
  }

  /**
   * `date` is the strategy discussion (INITIAL) or the notification of the move (TRANSFER_IN). A transfer-in
   * conference's clock starts at the notification or, by authority setting, at `referralAcceptedOn`.
   */
  async request(
    user: CurrentUser,
    type: 'INITIAL' | 'TRANSFER_IN',
    childIds: string[],
    date: string,
    idempotencyKey: string | null,
    referralAcceptedOn: string | null = null,
  ): Promise<string> {
    const field = type === 'INITIAL' ? 'strategyDiscussionDate' : 'transferNotifiedOn';
    if (date > this.clock.today()) throw badField(field, 'must not be in the future');
    if (new Set(childIds).size !== childIds.length) throw badField('childIds', 'names a child more than once');
    const operation = type === 'INITIAL' ? 'requestInitialConference' : 'requestTransferInConference';
    const referral = type === 'TRANSFER_IN' ? referralAcceptedOn : null;
    return this.commands.run(
      {
        user,
        operation,
        input: { childIds, [field]: date, ...(referral ? { referralAcceptedOn: referral } : {}) },
        idempotencyKey,
      },
      async (manager) => {
        // The conference captures the authority's procedure settings as they are now (issue 14).
        const { calendar, procedures } = await this.settings.get(user.authorityId, manager);
        let clockStart = date;
        let transferInClockStart: TransferInClockStart | null = null;
        if (type === 'TRANSFER_IN') {
          transferInClockStart = procedures.transferInClockStart;
          const transfer = transferInClockStartDate(
            transferInClockStart,
            { transferNotifiedOn: date, referralAcceptedOn: referral },
            this.clock.today(),
          );
          if (transfer.problems.length) throw badInput(transfer.problems);
          clockStart = transfer.clockStart;
        }
        const children = await lockChildren(manager, user.authorityId, childIds, 'childIds');
        const teamId = oneTeam(children, 'childIds');
        await this.assertNoOpenConference(manager, user.authorityId, children, type, 'childIds');
        const dueBy =
          type === 'INITIAL'
            ? initialConferenceDueBy(calendar, clockStart)
            : transferInConferenceDueBy(calendar, clockStart);
        const id = await this.insert(manager, user, {
          type,
          teamId,
          childIds,
          clockStart,
          dueBy,
          strategyDiscussionDate: type === 'INITIAL' ? clockStart : null,
          transferNotifiedOn: type === 'TRANSFER_IN' ? date : null,
          referralAcceptedOn: referral,
          transferInClockStart,
          preBirthReviewWorkingDays: procedures.preBirthReviewWorkingDays,
        });
        if (type === 'INITIAL') {
          // The first form of the request: the discussion it names, and each child's enquiry, become records too.
          const opened = await this.s47.openStrategyDiscussion(manager, user, {
            teamId,
            childIds,
            heldOn: clockStart,
            section47Initiated: true,
            via: 'requestInitialConference',
          });
          await this.s47.linkEnquiriesToConference(manager, user, opened.enquiryIds, id);
        }
        return id;
      },
    );
  }

  /** Schedules a requested conference, or reschedules a scheduled one (with a reason: its own history entry). */
  async schedule(user: CurrentUser, input: ScheduleConferenceInput): Promise<string> {
    return this.commands.run({ user, operation: 'scheduleConference', input }, async (manager) => {
      const conf = await this.lock(manager, user.authorityId, input.conferenceId);
      const operation = conf.status === 'SCHEDULED' ? 'reschedule' : 'schedule';
      precheck(conferenceMachine, conf, operation, input.expectedVersion);
      if (operation === 'reschedule' && !input.reason)
        throw badField('reason', 'is required to reschedule a conference');
      const chairId = input.chairId ?? (operation === 'reschedule' && conf.chairId ? conf.chairId : user.staffId);
      if (input.chairId) {
        if (!(await this.staff.staffHasRole(manager, user.authorityId, input.chairId, Role.CHAIR)))
          throw badField('chairId', 'must be a CHAIR of your authority');
      }
      if (londonDate(input.scheduledFor) < conf.clockStart)
        throw badField('scheduledFor', `must not be before ${conf.clockStart}, when the conference's clock started`);
      await this.workflow.transition(manager, conferenceMachine, {
        id: conf.id,
        authorityId: user.authorityId,
        operation,
        actorId: user.staffId,
        expectedVersion: input.expectedVersion,
        reason: input.reason ?? null,
        set: {
          scheduled_for: input.scheduledFor,
          chair_id: chairId,
          report_shared_due_by: reportSharedDueBy(
            await this.settings.get(user.authorityId, manager),
            conf.type,
            londonDate(input.scheduledFor),
          ),
        },
        details: {
          scheduledFor: input.scheduledFor.toISOString(),
          chairId,
          previousScheduledFor: conf.scheduledFor,
          previousChairId: conf.chairId,
        },
        notify:
          chairId !== user.staffId
            ? [
                {
                  recipientId: chairId,
                  topic: 'CONFERENCE_SCHEDULED',
                  payload: { conferenceId: conf.id, scheduledFor: input.scheduledFor.toISOString() },
                },
              ]
            : undefined,
      });
      return conf.id;
    });
  }

  async cancel(
    user: CurrentUser,
    conferenceId: string,
    reason: string,
    expectedVersion?: number | null,
  ): Promise<string> {
    const why = reason?.trim();
    if (!why) throw badField('reason', 'must not be empty');
    return this.commands.run(
      { user, operation: 'cancelConference', input: { conferenceId, reason: why } },
      async (manager) => {
        const conf = await this.lock(manager, user.authorityId, conferenceId);
        precheck(conferenceMachine, conf, 'cancel', expectedVersion);
        // Every active plan keeps an open review: a review goes away when its plans end, not by cancelling it.
        if (conf.type === 'REVIEW') {
          if (await this.conferences.hasChildWithActivePlan(manager, user.authorityId, conf.id))
            throw badField(
              'conferenceId',
              'is the review of active plans: reschedule it, or end the plans (endChildProtectionPlan)',
            );
        }
        await this.workflow.transition(manager, conferenceMachine, {
          id: conf.id,
          authorityId: user.authorityId,
          operation: 'cancel',
          actorId: user.staffId,
          expectedVersion,
          reason: why,
          set: { cancelled_on: this.clock.today() },
        });
        return conf.id;
      },
    );
  }

  /** conference(id): another authority's is NOT_FOUND, another team's FORBIDDEN for team staff. */
  async readable(user: CurrentUser, id: string): Promise<ConferenceRecord> {
    const conf = await this.conferences.get(user.authorityId, id);
    if (!conf) throw notFound('Conference', id);
    this.policy.assertCanReadTeam(user, conf.teamId, 'the conference');
    return conf;
  }

  /** The conference, locked for the caller's transaction; NOT_FOUND if not the authority's. */
  async lock(manager: EntityManager, authorityId: string, id: string): Promise<ConferenceRecord> {
    const conf = await this.conferences.find(manager, authorityId, id, { lock: true });
    if (!conf) throw notFound('Conference', id);
    return conf;
  }

  /** A child is in at most one open (requested or scheduled) conference of each type: BAD_USER_INPUT naming the child. */
  async assertNoOpenConference(
    manager: EntityManager,
    authorityId: string,
    children: LockedChild[],
    type: ConferenceKind,
    field: string,
  ): Promise<void> {
    const open = await this.conferences.openOfType(
      manager,
      authorityId,
      children.map((c) => c.id),
      type,
    );
    if (!open.length) return;
    const ref = new Map(children.map((c) => [c.id, c.caseReference]));
    throw badInput(
      open.map((r) => ({
        field,
        message: `child ${ref.get(r.childId)} (${r.childId}) is already in open ${type} conference ${r.conferenceId}`,
      })),
    );
  }

  /** Records a new (requested) conference for the children, through the engine. */
  async insert(manager: EntityManager, user: CurrentUser, c: NewConference): Promise<string> {
    const id = await this.conferences.insert(manager, {
      authorityId: user.authorityId,
      type: c.type,
      teamId: c.teamId,
      childIds: c.childIds,
      clockStart: c.clockStart,
      dueBy: c.dueBy,
      strategyDiscussionDate: c.strategyDiscussionDate ?? null,
      transferNotifiedOn: c.transferNotifiedOn ?? null,
      previousConferenceId: c.previousConferenceId ?? null,
      preBirthReviewWorkingDays: c.preBirthReviewWorkingDays,
      transferInClockStart: c.type === 'TRANSFER_IN' ? (c.transferInClockStart ?? 'NOTIFICATION') : null,
      referralAcceptedOn: c.referralAcceptedOn ?? null,
    });
    await this.workflow.created(manager, conferenceMachine, {
      id,
      authorityId: user.authorityId,
      actorId: user.staffId,
      details: {
        type: c.type,
        childIds: c.childIds,
        clockStart: c.clockStart,
        dueBy: c.dueBy,
        previousConferenceId: c.previousConferenceId ?? null,
        preBirthReviewWorkingDays: c.preBirthReviewWorkingDays,
        ...(c.type === 'TRANSFER_IN'
          ? {
              transferInClockStart: c.transferInClockStart ?? 'NOTIFICATION',
              referralAcceptedOn: c.referralAcceptedOn ?? null,
            }
          : {}),
      },
    });
    return id;
  }
}

export interface NewConference {
  type: ConferenceKind;
  teamId: string;
  childIds: string[];
  clockStart: string;
  dueBy: string;
  strategyDiscussionDate?: string | null;
  transferNotifiedOn?: string | null;
  previousConferenceId?: string | null;
  /** issue 14: the authority's settings when requested; a review or reconvened conference inherits them (proceduresOf) */
  preBirthReviewWorkingDays: number;
  transferInClockStart?: TransferInClockStart | null;
  referralAcceptedOn?: string | null;
}

/** The procedure settings a conference was requested under, for the conference that follows it (issue 14). */
export const proceduresOf = (
  conf: ConferenceRecord,
): Pick<NewConference, 'preBirthReviewWorkingDays' | 'transferInClockStart' | 'referralAcceptedOn'> => ({
  preBirthReviewWorkingDays: conf.preBirthReviewWorkingDays,
  transferInClockStart: conf.transferInClockStart,
  referralAcceptedOn: conf.referralAcceptedOn,
});
