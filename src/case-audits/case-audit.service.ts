import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActionRepository } from '../actions/action.repository';
import { ActionService } from '../actions/action.service';
import { CurrentUser, hasRole } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Role } from '../auth/role';
import { Clock } from '../clock/clock';
import { badField, DomainError, notFound, notFoundField } from '../common/errors';
import { AuthoritySettings, AuthoritySettingsService } from '../directory/authority-settings.service';
import { ChildRepository } from '../directory/child.repository';
import { CommandRunner } from '../idempotency/command-runner';
import { InboxAlerts } from '../common/inbox-alerts';
import { WorkflowService } from '../workflow/workflow.service';
import { caseAuditMachine } from './case-audit.machine';
import { CaseAuditRecord, CaseAuditRepository } from './case-audit.repository';
import { RecordCaseAuditInput } from './case-audit.types';

/** Inbox dedupe keys of a case audit's alerts (cleared together when it is agreed). */
export const agreementKey = (id: string) => `case-audit-agreement:${id}`;
export const agreementOverdueKey = (id: string) => `case-audit-agreement-overdue:${id}`;

type LoadedAudit = CaseAuditRecord & { childTeamId: string; currentManagerId: string | null };

/** Case audits' commands (DOMAIN.md "Quality assurance"): record, agree (team manager), close (auditor). */
@Injectable()
export class CaseAuditService {
  constructor(
    private readonly clock: Clock,
    private readonly workflow: WorkflowService,
    private readonly commands: CommandRunner,
    private readonly policy: PolicyService,
    private readonly settings: AuthoritySettingsService,
    private readonly actions: ActionService,
    private readonly inbox: InboxAlerts,
    private readonly audits: CaseAuditRepository,
    private readonly actionRecords: ActionRepository,
    private readonly children: ChildRepository,
  ) {}

  async record(user: CurrentUser, input: RecordCaseAuditInput, idempotencyKey: string | null): Promise<string> {
    const today = this.clock.today();
    if (input.auditedOn > today) throw badField('auditedOn', 'must not be in the future');
    return this.commands.run({ user, operation: 'recordCaseAudit', input, idempotencyKey }, async (manager) => {
      const child = await this.children.teamOf(manager, user.authorityId, input.childId);
      if (!child) throw notFoundField('childId', 'child');
      const settings = await this.settings.get(user.authorityId, manager);
      this.assertMayAudit(user, settings, child.teamId);
      if (!child.teamId) throw badField('childId', 'the child has no team whose manager could agree the audit');
      await this.actions.checkActions(manager, user, { agreedOn: input.auditedOn, actions: input.actions });
      // The team manager has this long from the audit (authority setting); like every clock here it
      // runs from the event's date, so an audit entered after the fact may be due, or late, at once.
      const agreementDueBy = settings.calendar.addWorkingDays(input.auditedOn, settings.caseAuditAgreementWorkingDays);
      const proposed = input.actions.map((a) => ({ description: a.description, ownerId: a.ownerId, dueBy: a.dueBy }));
      const id = await this.audits.insert(manager, {
        authorityId: user.authorityId,
        childId: input.childId,
        teamId: child.teamId,
        auditorId: user.staffId,
        teamManagerId: child.managerId,
        auditedOn: input.auditedOn,
        grade: input.grade,
        findings: input.findings,
        proposedActions: proposed,
        agreementDueBy,
      });
      await this.workflow.created(manager, caseAuditMachine, {
        id,
        authorityId: user.authorityId,
        actorId: user.staffId,
        details: {
          childId: input.childId,
          auditedOn: input.auditedOn,
          grade: input.grade,
          proposedActions: proposed.length,
          agreementDueBy,
          teamManagerId: child.managerId,
        },
      });
      if (child.managerId) {
        await this.inbox.alert(manager, {
          authorityId: user.authorityId,
          recipientId: child.managerId,
          kind: 'CASE_AUDIT_AWAITING_AGREEMENT',
          caseAuditId: id,
          dueBy: agreementDueBy,
          reason: `A case audit graded ${gradeWords(input.grade)} awaits your agreement of its ${proposed.length} action(s)`,
          dedupeKey: agreementKey(id),
        });
      }
      return id;
    });
  }

  /** The child's team manager agrees: the proposed actions become Actions in their owners' inboxes. */
  async agree(user: CurrentUser, id: string, expectedVersion?: number | null): Promise<string> {
    return this.commands.run(
      { user, operation: 'agreeCaseAudit', input: { caseAuditId: id, expectedVersion } },
      async (manager) => {
        const audit = await this.load(manager, user, id);
        if (audit.currentManagerId !== user.staffId)
          this.policy.deny(user, 'agreeCaseAudit', "only the child's team manager may agree a case audit");
        const today = this.clock.today();
        await this.workflow.transition(manager, caseAuditMachine, {
          id,
          authorityId: user.authorityId,
          operation: 'agree',
          actorId: user.staffId,
          expectedVersion,
          set: { agreed_on: today, agreed_by_id: user.staffId, team_manager_id: user.staffId },
          details: { agreedOn: today, actions: audit.proposedActions.length, late: today > audit.agreementDueBy },
        });
        // The actions were proposed at the audit: they count as agreed on its date (their due dates were checked against it).
        const actionIds = await this.actions.createActions(manager, user, {
          source: 'AUDIT',
          subjectType: 'CaseAudit',
          subjectId: id,
          childId: audit.childId,
          agreedOn: audit.auditedOn,
          actions: audit.proposedActions,
        });
        for (const [i, actionId] of actionIds.entries()) {
          const a = audit.proposedActions[i];
          await this.inbox.alert(manager, {
            authorityId: user.authorityId,
            recipientId: a.ownerId,
            kind: 'CASE_AUDIT_ACTION_AGREED',
            actionId,
            caseAuditId: id,
            dueBy: a.dueBy,
            reason: `A case audit action is yours, due by ${a.dueBy}: ${a.description.slice(0, 120)}`,
            dedupeKey: `case-audit-action:${actionId}`,
          });
        }
        await this.inbox.clear(manager, { authorityId: user.authorityId, dedupeKey: agreementKey(id) });
        await this.inbox.clear(manager, { authorityId: user.authorityId, dedupeKey: agreementOverdueKey(id) });
        return id;
      },
    );
  }

  /** The auditor closes it with the impact on the child, once every action is completed or cancelled. */
  async close(user: CurrentUser, id: string, impact: string, expectedVersion?: number | null): Promise<string> {
    return this.commands.run(
      { user, operation: 'closeCaseAudit', input: { caseAuditId: id, impact, expectedVersion } },
      async (manager) => {
        const audit = await this.load(manager, user, id);
        if (audit.auditorId !== user.staffId)
          this.policy.deny(user, 'closeCaseAudit', 'only the auditor who recorded the case audit may close it');
        // A stale version or another status is the engine's answer; open actions are this rule's.
        if (audit.status === 'AGREED' && (expectedVersion == null || expectedVersion === audit.version)) {
          const n = await this.actionRecords.countOpenOfSubject(manager, user.authorityId, 'CaseAudit', id);
          if (n > 0) {
            throw new DomainError(
              'INVALID_TRANSITION',
              `CaseAudit has ${n} open action(s): complete or cancel them before closing it`,
              { from: audit.status, operation: 'close', openActions: n },
            );
          }
        }
        const today = this.clock.today();
        await this.workflow.transition(manager, caseAuditMachine, {
          id,
          authorityId: user.authorityId,
          operation: 'close',
          actorId: user.staffId,
          expectedVersion,
          set: { closed_on: today, impact },
          details: { closedOn: today },
        });
        return id;
      },
    );
  }

  /**
   * QA officers always; other roles when the authority's setting lists them. Social workers and
   * team managers never audit their own team's children.
   */
  private assertMayAudit(user: CurrentUser, settings: AuthoritySettings, teamId: string | null): void {
    const allowed = hasRole(user, Role.QA_OFFICER) || user.roles.some((r) => settings.caseAuditRoles.includes(r));
    if (!allowed) this.policy.deny(user, 'recordCaseAudit', 'your authority does not let your role record case audits');
    if (
      !hasRole(user, Role.QA_OFFICER) &&
      hasRole(user, Role.SOCIAL_WORKER, Role.TEAM_MANAGER) &&
      teamId &&
      user.teamId === teamId
    ) {
      this.policy.deny(user, 'recordCaseAudit', "you may not audit your own team's cases");
    }
  }

  /** A case audit of the caller's authority (else NOT_FOUND) whose child's team the caller may see (else FORBIDDEN). */
  private async load(manager: EntityManager, user: CurrentUser, id: string): Promise<LoadedAudit> {
    const row = await this.audits.findWithChildTeam(manager, user.authorityId, id);
    if (!row) throw notFound('CaseAudit', id);
    this.policy.assertCanReadTeam(user, row.childTeamId, 'the case audit');
    return row;
  }
}

const gradeWords = (grade: string) => grade.toLowerCase().replace(/_/g, ' ');
