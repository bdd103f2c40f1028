import { Clock } from '../clock/clock';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { Role } from '../auth/role';
import { escalationResponseDueBy } from '../calendar/timescales';
import { IsoDate, WorkingCalendar } from '../calendar/working-calendar';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { BreachPolicy } from '../directory/authority.entity';
import { ChildRepository } from '../directory/child.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { InboxAlerts } from '../common/inbox-alerts';
import { EscalationStageRecord, EscalationRef, EscalationRepository } from './escalation.repository';
import { StageOutcome } from './escalation.entity';
import { LAST_STAGE } from './escalation.types';

/** DOMAIN.md's stage table: who each stage is addressed to. */
export const STAGE_ROLE: Record<number, Role> = {
  1: Role.TEAM_MANAGER,
  2: Role.SERVICE_MANAGER,
  3: Role.HEAD_OF_SERVICE,
  4: Role.DIRECTOR,
};

/** A stage's working days to respond when the authority sets none for it (DOMAIN.md). */
export const DEFAULT_STAGE_RESPONSE_WORKING_DAYS = 5;

export type { EscalationRef };

/** The stage's response due date: openedOn + the authority's working days for that stage (default 5). */
export function stageResponseDueBy(
  calendar: WorkingCalendar,
  stageResponseWorkingDays: readonly number[] | null | undefined,
  stage: number,
  openedOn: IsoDate,
): IsoDate {
  return escalationResponseDueBy(
    calendar,
    openedOn,
    stageResponseWorkingDays?.[stage - 1] ?? DEFAULT_STAGE_RESPONSE_WORKING_DAYS,
  );
}

/**
 * DOMAIN.md, "When the deadline passes": a breached stage escalates automatically unless the
 * authority's policy is to alert the chair; the last stage has nowhere to go, so its chair (and the
 * directors) are alerted whatever the policy.
 */
export function breachDecision(policy: BreachPolicy, stage: number): 'ESCALATE' | 'ALERT_CHAIR' | 'FINAL_STAGE' {
  if (stage >= LAST_STAGE) return 'FINAL_STAGE';
  return policy === 'ALERT_CHAIR' ? 'ALERT_CHAIR' : 'ESCALATE';
}

/** Who a newly opened stage is addressed to: stage 1 the team manager, 2 the team's service manager, else nobody by name. */
export function stageAssignee(
  stage: number,
  team: { managerId: string | null; serviceManagerId: string | null } | null,
): string | null {
  if (stage === 1) return team?.managerId ?? null;
  if (stage === 2) return team?.serviceManagerId ?? null;
  return null;
}

/** Who a stage is addressed to (its assignee) and who is told of it. */
export interface StageAddressees {
  role: Role;
  /** null: anyone with the role */
  assignedTo: string | null;
  recipients: string[];
}

/** Opening stages (assignee, clock, inbox notice) and deciding who may act on one. */
@Injectable()
export class EscalationStages {
  constructor(
    private readonly clock: Clock,
    private readonly settings: AuthoritySettingsService,
    private readonly inbox: InboxAlerts,
    private readonly escalations: EscalationRepository,
    private readonly children: ChildRepository,
    private readonly staff: DirectoryRepository,
  ) {}

  /** The stage's response due date: openedOn + the authority's working days for that stage (default 5). */
  async responseDueBy(manager: EntityManager, authorityId: string, stage: number, openedOn: string): Promise<string> {
    const settings = await this.settings.get(authorityId, manager);
    return stageResponseDueBy(settings.calendar, settings.stageResponseWorkingDays, stage, openedOn);
  }

  /**
   * Opens a stage addressed to its assignee: stage 1 the child's team manager, stage 2 the team's
   * service manager (else any SERVICE_MANAGER), 3 and 4 anyone with the role. Tells them through the outbox.
   */
  async open(
    manager: EntityManager,
    esc: EscalationRef,
    stage: number,
    openedOn: string,
    responseDueBy: string,
  ): Promise<void> {
    const to = await this.addressees(manager, esc, stage);
    await this.insert(manager, esc, stage, openedOn, responseDueBy, to);
    await this.notifyOpened(manager, esc, stage, responseDueBy, to);
  }

  /** Who a stage about to open is addressed to, and who is told: reads only (a command reads it before taking locks). */
  async addressees(
    manager: EntityManager,
    esc: Pick<EscalationRef, 'authorityId' | 'childId'>,
    stage: number,
  ): Promise<StageAddressees> {
    const role = STAGE_ROLE[stage];
    const team = await this.children.teamOf(manager, esc.authorityId, esc.childId);
    const assignedTo = stageAssignee(stage, team);
    const recipients = assignedTo
      ? [assignedTo]
      : await this.staff.staffWithRole(manager, esc.authorityId, role, stage === 1 ? (team?.teamId ?? null) : null);
    return { role, assignedTo, recipients };
  }

  /** The stage row (the first part of `open`). */
  async insert(
    manager: EntityManager,
    esc: Pick<EscalationRef, 'authorityId' | 'id'>,
    stage: number,
    openedOn: string,
    responseDueBy: string,
    to: StageAddressees,
  ): Promise<void> {
    await this.escalations.insertStage(manager, {
      authorityId: esc.authorityId,
      escalationId: esc.id,
      stage,
      assignedRole: to.role,
      assignedTo: to.assignedTo,
      openedOn,
      responseDueBy,
    });
  }

  /** The inbox notice of an opened stage (the second part of `open`): it names the reference. */
  async notifyOpened(
    manager: EntityManager,
    esc: Pick<EscalationRef, 'authorityId' | 'id' | 'reference'>,
    stage: number,
    responseDueBy: string,
    to: StageAddressees,
  ): Promise<void> {
    await this.inbox.notify(manager, esc.authorityId, to.recipients, {
      kind: 'STAGE_OPENED',
      reason: `${esc.reference}: stage ${stage} escalation awaiting your response`,
      dueBy: responseDueBy,
      escalationId: esc.id,
      actionId: null,
    });
  }

  /** CONTRACT.md: the current stage's assignee acknowledges and responds. */
  isAssignee(
    user: CurrentUser,
    stage: Pick<EscalationStageRecord, 'stage' | 'assignedRole' | 'assignedTo'>,
    childTeamId: string,
  ): boolean {
    if (stage.assignedTo) return stage.assignedTo === user.staffId;
    if (!user.roles.includes(stage.assignedRole)) return false;
    return stage.stage !== 1 || user.teamId === childTeamId;
  }

  current(
    manager: EntityManager,
    authorityId: string,
    escalationId: string,
    stage: number,
  ): Promise<EscalationStageRecord | null> {
    return this.escalations.findStage(manager, authorityId, escalationId, stage);
  }

  close(
    manager: EntityManager,
    authorityId: string,
    escalationId: string,
    stage: number,
    outcome: StageOutcome,
  ): Promise<void> {
    return this.escalations.closeStage(manager, authorityId, escalationId, stage, outcome, this.clock.now());
  }
}
