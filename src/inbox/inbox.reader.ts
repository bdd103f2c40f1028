import { Injectable } from '@nestjs/common';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { ReadPool } from '../common/read-pool';
import { InboxItemType } from './inbox.types';

interface ItemRow {
  escalation_id: string | null;
  action_id: string | null;
  case_audit_id?: string | null;
  conference_id?: string | null;
  reason: string;
  due_by: string;
}

/**
 * What is addressed to the caller now, soonest due first. Derived from the records' state (open
 * stages, overdue actions, responses awaiting the chair) plus the alerts other code raised.
 * An item about the same escalation or action appears once: an alert's reason wins.
 */
@Injectable()
export class InboxReader {
  constructor(
    private readonly clock: Clock,
    private readonly reads: ReadPool,
  ) {}

  async itemsFor(user: CurrentUser): Promise<InboxItemType[]> {
    const today = this.clock.today();
    const [alerts, stages, decisions, actions] = await Promise.all([
      this.reads.query(
        `SELECT a.escalation_id, a.action_id, a.case_audit_id, a.conference_id, a.reason, a.due_by FROM inbox_alert a
         LEFT JOIN escalation e ON e.authority_id = a.authority_id AND e.id = a.escalation_id LEFT JOIN action x ON x.authority_id = a.authority_id AND x.id = a.action_id
         WHERE a.authority_id = $1 AND a.recipient_id = $2 AND a.cleared_at IS NULL
           AND (a.escalation_id IS NULL OR e.status IN ('OPEN', 'ACKNOWLEDGED', 'RESPONDED'))
           AND (a.action_id IS NULL OR x.status = 'OPEN')
         ORDER BY a.created_at DESC`, // the newest alert about a record speaks for it
        [user.authorityId, user.staffId],
      ) as Promise<ItemRow[]>,
      // Open stages addressed to the caller, or to the caller's role when no one is named.
      this.reads.query(
        `SELECT e.id AS escalation_id, NULL::uuid AS action_id, s.response_due_by AS due_by,
                e.reference || ': stage ' || s.stage || ' escalation awaiting your ' || CASE WHEN e.status = 'OPEN' THEN 'acknowledgement and response' ELSE 'response' END
                  || CASE WHEN s.breached THEN ' (response overdue)' ELSE '' END AS reason
         FROM escalation_stage s JOIN escalation e ON e.authority_id = s.authority_id AND e.id = s.escalation_id AND e.stage = s.stage
         WHERE s.authority_id = $1 AND s.outcome IS NULL AND s.responded_at IS NULL AND e.status IN ('OPEN', 'ACKNOWLEDGED')
           AND (s.assigned_to = $2 OR (s.assigned_to IS NULL AND s.assigned_role = ANY($3)
                AND (s.stage <> 1 OR EXISTS (SELECT 1 FROM child c WHERE c.authority_id = e.authority_id AND c.id = e.child_id AND c.team_id = $4))))`,
        [user.authorityId, user.staffId, user.roles, user.teamId],
      ) as Promise<ItemRow[]>,
      // Responses awaiting the raising chair's decision (resolve or escalate).
      this.reads.query(
        `SELECT e.id AS escalation_id, NULL::uuid AS action_id, (s.responded_at AT TIME ZONE 'Europe/London')::date AS due_by,
                e.reference || ': stage ' || s.stage || ' responded; resolve or escalate' AS reason
         FROM escalation e JOIN escalation_stage s ON s.authority_id = e.authority_id AND s.escalation_id = e.id AND s.stage = e.stage
         WHERE e.authority_id = $1 AND e.raised_by_id = $2 AND e.status = 'RESPONDED'`,
        [user.authorityId, user.staffId],
      ) as Promise<ItemRow[]>,
      // Overdue actions the caller owns, or agreed (DOMAIN.md: the owner's inbox, and the chair's).
      this.reads.query(
        `SELECT NULL::uuid AS escalation_id, x.id AS action_id, x.due_by,
                CASE WHEN x.owner_id = $2 THEN 'Your action is overdue: ' ELSE 'An action you agreed is overdue: ' END || left(x.description, 120) AS reason
         FROM action x WHERE x.authority_id = $1 AND x.status = 'OPEN' AND x.due_by < $3 AND (x.owner_id = $2 OR x.created_by_id = $2)`,
        [user.authorityId, user.staffId, today],
      ) as Promise<ItemRow[]>,
    ]);
    const seen = new Set<string>();
    const items: InboxItemType[] = [];
    for (const row of [...alerts, ...stages, ...decisions, ...actions]) {
      // An item about an escalation or action is keyed by it; one only about a case audit, by that.
      const key =
        row.escalation_id || row.action_id
          ? `${row.escalation_id ?? ''}/${row.action_id ?? ''}`
          : row.case_audit_id
            ? `case-audit/${row.case_audit_id}`
            : row.conference_id
              ? `conference/${row.conference_id}`
              : '';
      if (key && seen.has(key)) continue;
      seen.add(key);
      items.push({
        escalationId: row.escalation_id,
        actionId: row.action_id,
        caseAuditId: row.case_audit_id ?? null,
        conferenceId: row.conference_id ?? null,
        reason: row.reason,
        dueBy: row.due_by,
      });
    }
    return items.sort((a, b) => a.dueBy.localeCompare(b.dueBy) || a.reason.localeCompare(b.reason));
  }
}
