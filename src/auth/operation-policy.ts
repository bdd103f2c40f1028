import { Role } from './role';

const { CHAIR, SOCIAL_WORKER, TEAM_MANAGER, SERVICE_MANAGER, HEAD_OF_SERVICE, DIRECTOR, AUDITOR, QA_OFFICER, ADMIN } =
  Role;
export const ANY_ROLE = 'ANY_ROLE' as const;
const STAFF = [
  CHAIR,
  SOCIAL_WORKER,
  TEAM_MANAGER,
  SERVICE_MANAGER,
  HEAD_OF_SERVICE,
  DIRECTOR,
  AUDITOR,
  QA_OFFICER,
  ADMIN,
];
const MANAGERS = [TEAM_MANAGER, SERVICE_MANAGER, HEAD_OF_SERVICE, DIRECTOR];

export interface OperationRule {
  /** roles that may call the operation at all; relationship checks follow in the services */
  roles: readonly Role[] | typeof ANY_ROLE;
  /** the relationship the service checks after the role, for the matrix in docs and tests */
  relationship?: string;
}

/**
 * Who may call each root operation (CONTRACT.md, "Authorization"). The guard enforces the roles
 * for every operation and refuses one that has no row here, so a new operation cannot slip
 * through unreviewed. Relationship checks live in the policy service.
 */
export const OPERATION_POLICY: Record<string, OperationRule> = {
  'Query.me': { roles: ANY_ROLE },
  'Query.addWorkingDays': { roles: ANY_ROLE },
  'Query.child': { roles: STAFF, relationship: 'team staff: own team only' },
  'Query.conference': { roles: STAFF, relationship: 'team staff: a child of own team' },
  'Query.conferences': { roles: STAFF, relationship: 'team staff: filtered to own team' },
  'Query.escalation': { roles: STAFF, relationship: 'team staff: a child of own team' },
  'Query.escalations': { roles: STAFF, relationship: 'team staff: filtered to own team' },
  'Query.conversation': { roles: STAFF, relationship: 'team staff: a child of own team' },
  'Query.myInbox': { roles: ANY_ROLE },
  'Query.auditEvents': { roles: [AUDITOR, ADMIN] },
  'Query.verifyAuditChain': { roles: [AUDITOR, ADMIN] },
  'Query.auditCheckpoint': { roles: [AUDITOR, ADMIN] },
  'Query.auditInclusionProof': { roles: [AUDITOR, ADMIN] },
  'Query.auditConsistencyProof': { roles: [AUDITOR, ADMIN] },
  'Query.verifyAuditAgainst': { roles: [AUDITOR, ADMIN] },
  'Query.performance': {
    roles: [AUDITOR, QA_OFFICER, ADMIN, CHAIR, ...MANAGERS],
    relationship: 'team manager: own team only (defaults to it)',
  },
  'Query.performanceByTeam': { roles: [AUDITOR, QA_OFFICER, ADMIN, CHAIR, SERVICE_MANAGER, HEAD_OF_SERVICE, DIRECTOR] },
  'Query.performanceByChair': {
    roles: [AUDITOR, QA_OFFICER, ADMIN, CHAIR, SERVICE_MANAGER, HEAD_OF_SERVICE, DIRECTOR],
  },
  'Query.childrenInNeedCensus': { roles: [AUDITOR, ADMIN] },

  'Mutation.createTeam': { roles: [ADMIN] },
  'Mutation.upsertStaffMember': { roles: [ADMIN] },
  'Mutation.registerChild': { roles: [ADMIN] },
  // Issue 14: every staff role may read them (chairs request conferences under them); only ADMIN changes them.
  'Query.authorityProcedureSettings': { roles: STAFF },
  'Mutation.updateAuthorityProcedureSettings': { roles: [ADMIN] },
  'Mutation.recordBirth': { roles: [ADMIN, SOCIAL_WORKER, CHAIR], relationship: 'social worker: own team' },

  'Mutation.requestInitialConference': { roles: [CHAIR] },
  'Mutation.requestTransferInConference': { roles: [CHAIR] },
  'Mutation.scheduleConference': { roles: [CHAIR] },
  'Mutation.recordConferenceHeld': { roles: [CHAIR] },
  'Mutation.cancelConference': { roles: [CHAIR] },
  'Query.strategyDiscussion': { roles: STAFF, relationship: 'team staff: children of own team' },
  'Mutation.recordStrategyDiscussion': {
    roles: [SOCIAL_WORKER, TEAM_MANAGER, CHAIR],
    relationship: "team staff: the children's team",
  },
  'Mutation.recordSection47Outcome': {
    roles: [SOCIAL_WORKER, TEAM_MANAGER, CHAIR],
    relationship: "team staff: the child's team",
  },
  'Mutation.recordReportSharedWithFamily': {
    roles: [SOCIAL_WORKER, TEAM_MANAGER, CHAIR],
    relationship: 'team staff: own team',
  },
  'Mutation.recordMinutesDistributed': { roles: [CHAIR] },

  'Mutation.scheduleCoreGroupMeeting': {
    roles: [SOCIAL_WORKER, TEAM_MANAGER, CHAIR],
    relationship: 'team staff: own team',
  },
  'Mutation.recordCoreGroupMeeting': {
    roles: [SOCIAL_WORKER, TEAM_MANAGER, CHAIR],
    relationship: 'team staff: own team',
  },
  'Mutation.cancelCoreGroupMeeting': {
    roles: [SOCIAL_WORKER, TEAM_MANAGER, CHAIR],
    relationship: 'team staff: own team',
  },
  'Mutation.endChildProtectionPlan': { roles: [CHAIR, TEAM_MANAGER], relationship: 'team manager: own team' },
  'Query.childProtectionPlan': { roles: STAFF, relationship: 'team staff: a child of own team' },

  'Mutation.offerAdvocate': { roles: [SOCIAL_WORKER, CHAIR], relationship: 'social worker: own team' },
  'Mutation.recordAdvocateResponse': { roles: [SOCIAL_WORKER, CHAIR], relationship: 'social worker: own team' },
  'Mutation.allocateAdvocate': { roles: [SOCIAL_WORKER, CHAIR], relationship: 'social worker: own team' },
  'Mutation.completeAdvocacy': { roles: [SOCIAL_WORKER, CHAIR], relationship: 'social worker: own team' },
  'Mutation.withdrawAdvocateOffer': { roles: [SOCIAL_WORKER, CHAIR], relationship: 'social worker: own team' },

  'Mutation.recordConversation': { roles: [CHAIR] },
  'Mutation.completeAction': {
    roles: STAFF.filter((r) => r !== AUDITOR),
    relationship: "the action's owner or the owner's manager",
  },
  'Mutation.cancelAction': {
    roles: STAFF.filter((r) => r !== AUDITOR),
    relationship: "the action's creator, its owner's manager, or an admin",
  },
  'Mutation.changeActionDueDate': {
    roles: STAFF.filter((r) => r !== AUDITOR),
    relationship: "the action's creator, its owner's manager, or an admin",
  },

  'Mutation.raiseEscalation': { roles: [CHAIR] },
  'Mutation.acknowledgeEscalation': { roles: MANAGERS, relationship: "the current stage's assignee" },
  'Mutation.respondToEscalation': { roles: MANAGERS, relationship: "the current stage's assignee" },
  'Mutation.resolveEscalation': { roles: [CHAIR], relationship: 'the chair who raised it, unless also ADMIN' },
  'Mutation.escalateToNextStage': { roles: [CHAIR], relationship: 'the chair who raised it, unless also ADMIN' },
  'Mutation.withdrawEscalation': { roles: [CHAIR], relationship: 'the chair who raised it, unless also ADMIN' },

  'Query.caseAudit': { roles: STAFF, relationship: 'team staff: a child of own team' },
  'Query.caseAudits': { roles: STAFF, relationship: 'team staff: filtered to own team' },
  'Mutation.recordCaseAudit': {
    roles: [QA_OFFICER, CHAIR, SERVICE_MANAGER, HEAD_OF_SERVICE, TEAM_MANAGER, SOCIAL_WORKER],
    relationship:
      "QA officer; other roles only when the authority's caseAuditRoles lists them (default chair, service manager, head of service); never a social worker's or team manager's own team",
  },
  'Mutation.agreeCaseAudit': { roles: [TEAM_MANAGER], relationship: "the child's team manager" },
  'Mutation.closeCaseAudit': {
    roles: [QA_OFFICER, CHAIR, SERVICE_MANAGER, HEAD_OF_SERVICE, TEAM_MANAGER, SOCIAL_WORKER],
    relationship: 'the auditor who recorded it',
  },

  'Mutation.runDeadlineSweep': { roles: [ADMIN] },

  'Query.webhooks': { roles: [ADMIN] },
  'Query.notificationDeliveries': { roles: [ADMIN] },
  'Mutation.registerWebhook': { roles: [ADMIN] },
  'Mutation.setWebhookEnabled': { roles: [ADMIN] },
  'Mutation.retryDelivery': { roles: [ADMIN] },
  'Mutation.updateNotificationPreferences': { roles: ANY_ROLE, relationship: "the caller's own preference" },

  'Subscription.inboxItemAdded': { roles: ANY_ROLE, relationship: 'only items addressed to the caller' },
};

export function allowedByRole(rule: OperationRule | undefined, roles: readonly Role[]): boolean {
  if (!rule) return false;
  return rule.roles === ANY_ROLE || rule.roles.some((r) => roles.includes(r));
}
