import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { inquorateConferenceResetBy } from '../calendar/timescales';
import { FieldProblem } from '../common/errors';
import { AuthoritySettings } from '../directory/authority-settings.service';
import { InboxAlerts } from '../common/inbox-alerts';
import { WorkflowService } from '../workflow/workflow.service';
import { attendanceProblems, isQuorate } from './conference-attendance';
import { RecordConferenceHeldInput } from './conference.inputs';
import { conferenceMachine } from './conference.machine';
import { ConferenceRecord, ConferenceRepository } from './conference.repository';
import { ConferenceService, proceduresOf } from './conference.service';

export interface Quorum {
  quorate: boolean | null;
  /** false: inquorate with no reason to go ahead, so the conference decides nothing and is reconvened */
  decides: boolean;
  problems: FieldProblem[];
  set: Record<string, unknown>;
  details: Record<string, unknown>;
}

/** Quorum from the recorded attendance (DOMAIN.md "Multi-agency conferences"). */
export function quorumOf(settings: AuthoritySettings, input: RecordConferenceHeldInput): Quorum {
  const attendance = (input.attendance ?? []).map((a) => ({
    agency: a.agency,
    attended: a.attended,
    reportReceived: a.reportReceived ?? null,
  }));
  const quorate = isQuorate(attendance, settings.conferences.quorumOtherAgencies);
  const reason = input.inquorateProceedReason?.trim() || null;
  const problems = attendanceProblems(input.attendance);
  if (reason && quorate !== false)
    problems.push({ field: 'inquorateProceedReason', message: 'is only for a conference that was not quorate' });
  return {
    quorate,
    decides: quorate !== false || !!reason,
    problems,
    set: {
      attendance: attendance.length ? JSON.stringify(attendance) : null,
      quorate,
      inquorate_proceed_reason: reason,
    },
    details: attendance.length
      ? { quorate, inquorateProceedReason: reason, attended: attendance.filter((a) => a.attended).map((a) => a.agency) }
      : {},
  };
}

/** An inquorate conference reconvened, and the minutes a held conference owes (the chair's inbox). */
@Injectable()
export class InquorateConferences {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly inbox: InboxAlerts,
    private readonly service: ConferenceService,
    private readonly conferences: ConferenceRepository,
  ) {}

  /**
   * Records the conference as INQUORATE (no outcomes, no plans) and requests its replacement: same
   * type and children, due 10 working days after; an ICPC's clock start (strategy discussion) is kept.
   */
  async inquorate(
    manager: EntityManager,
    user: CurrentUser,
    conf: ConferenceRecord,
    input: RecordConferenceHeldInput,
    childIds: string[],
    settings: AuthoritySettings,
  ): Promise<string> {
    const quorum = quorumOf(settings, input);
    await this.workflow.transition(manager, conferenceMachine, {
      id: conf.id,
      authorityId: user.authorityId,
      operation: 'holdInquorate',
      actorId: user.staffId,
      expectedVersion: input.expectedVersion,
      reason: 'not quorate',
      set: { held_on: input.heldOn, delay_reason: input.delayReason ?? null, ...quorum.set },
      details: { heldOn: input.heldOn, dueBy: conf.dueBy, ...quorum.details },
    });
    const reconvenedId = await this.service.insert(manager, user, {
      type: conf.type,
      teamId: conf.teamId,
      childIds,
      clockStart: conf.clockStart,
      dueBy: inquorateConferenceResetBy(settings.calendar, input.heldOn),
      strategyDiscussionDate: conf.strategyDiscussionDate,
      transferNotifiedOn: conf.transferNotifiedOn,
      previousConferenceId: conf.previousConferenceId,
      ...proceduresOf(conf),
    });
    // A link, not a change of state: the engine already recorded the transition.
    await this.conferences.setReconvenedAs(manager, user.authorityId, conf.id, reconvenedId);
    return conf.id;
  }

  /** The chair's inbox holds the minutes until they are recorded as distributed. */
  async minutesOwed(
    manager: EntityManager,
    user: CurrentUser,
    conf: ConferenceRecord,
    heldOn: string,
    dueBy: string,
  ): Promise<void> {
    const chairId = conf.chairId ?? user.staffId;
    await this.inbox.alert(manager, {
      authorityId: user.authorityId,
      recipientId: chairId,
      kind: 'CONFERENCE_MINUTES_DUE',
      conferenceId: conf.id,
      dueBy,
      reason: `Distribute the minutes of the ${conf.type.toLowerCase().replace('_', '-')} conference held on ${heldOn}`,
      dedupeKey: `conference-minutes/${conf.id}`,
    });
  }
}
