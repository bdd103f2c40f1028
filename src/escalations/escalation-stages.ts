import { Clock } from '../clock/clock';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { Role } from '../auth/role';
import { escalationResponseDueBy } from '../calendar/timescales';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { InboxAlerts } from '../common/inbox-alerts';

/** DOMAIN.md's stage table: who each stage is addressed to. */
export const STAGE_ROLE: Record<number, Role> = { 1: Role.TEAM_MANAGER, 2: Role.SERVICE_MANAGER, 3: Role.HEAD_OF_SERVICE, 4: Role.DIRECTOR };

export interface StageRow {
  id: string;
  stage: number;
  assigned_role: Role;
  assigned_to: string | null;
  response_due_by: string;
  responded_at: Date | null;
  outcome: string | null;
}

export interface EscalationRef {
  id: string;
  authority_id: string;
  child_id: string;
  reference: string;
}

/** Opening stages (assignee, clock, inbox notice) and deciding who may act on one. */
@Injectable()
export class EscalationStages {
  constructor(
    private readonly clock: Clock,
    private readonly settings: AuthoritySettingsService,
    private readonly inbox: InboxAlerts,
  ) {}

  /** The stage's response due date: openedOn + the authority's working days for that stage (default 5). */
  async responseDueBy(manager: EntityManager, authorityId: string, stage: number, openedOn: string): Promise<string> {
    const settings = await this.settings.get(authorityId, manager);
    return escalationResponseDueBy(settings.calendar, openedOn, settings.stageResponseWorkingDays?.[stage - 1] ?? 5);
  }

  /**
   * Opens a stage addressed to its assignee: stage 1 the child's team manager, stage 2 the team's
   * service manager (else any SERVICE_MANAGER), 3 and 4 anyone with the role. Tells them through the outbox.
   */
  async open(manager: EntityManager, esc: EscalationRef, stage: number, openedOn: string, responseDueBy: string): Promise<void> {
    const role = STAGE_ROLE[stage];
    const [team]: { team_id: string; manager_id: string | null; service_manager_id: string | null }[] = await manager.query(
      'SELECT c.team_id, t.manager_id, t.service_manager_id FROM child c JOIN team t ON t.id = c.team_id WHERE c.id = $1 AND c.authority_id = $2',
      [esc.child_id, esc.authority_id],
    );
    const assignedTo = stage === 1 ? team?.manager_id ?? null : stage === 2 ? team?.service_manager_id ?? null : null;
    await manager.query(
      `INSERT INTO escalation_stage (authority_id, escalation_id, stage, assigned_role, assigned_to, opened_on, response_due_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [esc.authority_id, esc.id, stage, role, assignedTo, openedOn, responseDueBy],
    );
    let recipients = assignedTo ? [assignedTo] : [];
    if (!assignedTo) {
      const rows: { id: string }[] = await manager.query(
        'SELECT id FROM staff_member WHERE authority_id = $1 AND $2 = ANY(roles) AND ($3::uuid IS NULL OR team_id = $3)',
        [esc.authority_id, role, stage === 1 ? team?.team_id ?? null : null],
      );
      recipients = rows.map((r) => r.id);
    }
    await this.inbox.notify(manager, esc.authority_id, recipients, {
      kind: 'STAGE_OPENED',
      reason: `${esc.reference}: stage ${stage} escalation awaiting your response`,
      dueBy: responseDueBy,
      escalationId: esc.id,
      actionId: null,
    });
  }

  /** CONTRACT.md: the current stage's assignee acknowledges and responds. */
  isAssignee(user: CurrentUser, stage: StageRow, childTeamId: string): boolean {
    if (stage.assigned_to) return stage.assigned_to === user.staffId;
    if (!user.roles.includes(stage.assigned_role)) return false;
    return stage.stage !== 1 || user.teamId === childTeamId;
  }

  async current(manager: EntityManager, escalationId: string, stage: number): Promise<StageRow> {
    const [row] = await manager.query('SELECT * FROM escalation_stage WHERE escalation_id = $1 AND stage = $2', [escalationId, stage]);
    return row;
  }

  async close(manager: EntityManager, escalationId: string, stage: number, outcome: string): Promise<void> {
    await manager.query('UPDATE escalation_stage SET outcome = $3, closed_at = $4 WHERE escalation_id = $1 AND stage = $2 AND outcome IS NULL', [escalationId, stage, outcome, this.clock.now()]);
  }
}
