import { englandAndWales as cal, type IsoDate } from '../calendar/working-calendar';
import { CastTeam, Person } from './demo-cast';

const Q = {
  record: 'mutation($i: RecordCaseAuditInput!) { recordCaseAudit(input: $i) { id } }',
  agree: 'mutation($id: ID!) { agreeCaseAudit(caseAuditId: $id) { actions { id description } } }',
  close: 'mutation($id: ID!, $impact: String!) { closeCaseAudit(caseAuditId: $id, impact: $impact) { id } }',
  complete: 'mutation($i: CompleteActionInput!) { completeAction(input: $i) { id } }',
  cancel: 'mutation($id: ID!) { cancelAction(actionId: $id, reason: "covered by the review conference") { id } }',
};

type G = <T = any>(who: Person, q: string, v?: Record<string, unknown>) => Promise<T>;
interface Plan {
  grade: string;
  ago: number;
  byChair?: boolean;
  agree: boolean;
  close?: boolean;
  actions: { d: string; due: number; done?: number; cancel?: boolean }[];
}

// Working days before today (negative: after). Every grade and state; some agreements and actions overdue.
const PLANS: Plan[] = [
  { grade: 'GOOD', ago: 1, agree: false, actions: [{ d: 'Record the child’s views in the plan', due: -10 }] },
  {
    grade: 'REQUIRES_IMPROVEMENT',
    ago: 12,
    agree: false,
    actions: [
      { d: 'Update the chronology', due: 2 },
      { d: 'Add a contingency plan', due: -3 },
    ],
  },
  {
    grade: 'INADEQUATE',
    ago: 30,
    byChair: true,
    agree: true,
    actions: [
      { d: 'See the child alone', due: 25, done: 27 },
      { d: 'Complete the risk assessment', due: 10 },
    ],
  },
  {
    grade: 'GOOD',
    ago: 60,
    agree: true,
    close: true,
    actions: [
      { d: 'Share the plan with the school', due: 50, done: 52 },
      { d: 'Hold a family network meeting', due: 45, cancel: true },
    ],
  },
  {
    grade: 'REQUIRES_IMPROVEMENT',
    ago: 40,
    agree: true,
    actions: [
      { d: 'Supervision to review drift', due: 35, done: 30 },
      { d: 'Direct work with the child', due: -10 },
    ],
  },
  { grade: 'OUTSTANDING', ago: 20, byChair: true, agree: true, close: true, actions: [] },
  { grade: 'INADEQUATE', ago: 25, agree: false, actions: [{ d: 'Visit within statutory timescales', due: 5 }] },
  {
    grade: 'OUTSTANDING',
    ago: 8,
    agree: true,
    actions: [{ d: 'Share the good practice at the team meeting', due: -5 }],
  },
];

/** One case audit of the child, in the variant's grade and state (issue 15). */
export async function caseAuditStory(
  g: G,
  today: IsoDate,
  auditor: Person,
  chair: Person,
  team: CastTeam,
  sw: Person,
  child: string,
  variant: number,
): Promise<void> {
  const plan = PLANS[variant % PLANS.length];
  const day = (ago: number) => cal.addWorkingDays(today, -ago);
  const who = plan.byChair ? chair : auditor;
  const id = (
    await g(who, Q.record, {
      i: {
        childId: child,
        auditedOn: day(plan.ago),
        grade: plan.grade,
        findings:
          'The plan does not say what must change for the child or by when; the child’s own views are not recorded.',
        actions: plan.actions.map((a) => ({ description: a.d, ownerId: sw.id, dueBy: day(a.due) })),
      },
    })
  ).recordCaseAudit.id as string;
  if (!plan.agree) return;
  const agreed = (await g(team.manager, Q.agree, { id })).agreeCaseAudit.actions as {
    id: string;
    description: string;
  }[];
  for (const a of plan.actions) {
    const actionId = agreed.find((x) => x.description === a.d)!.id;
    if (a.done != null)
      await g(sw, Q.complete, { i: { actionId, outcome: 'Done and recorded on the file', completedOn: day(a.done) } });
    if (a.cancel) await g(team.manager, Q.cancel, { id: actionId });
  }
  if (plan.close)
    await g(who, Q.close, {
      id,
      impact: 'The plan now sets out what must change, and the child’s views are recorded and acted on.',
    });
}
