import { isWeekend } from '../calendar/working-calendar';
import { FieldProblem } from '../common/errors';
import { RecordConferenceHeldInput } from './conference.inputs';
import { ConferenceRecord } from './conference.repository';
import { PlanDecision } from './conference.types';

const DECISIONS: Record<string, PlanDecision[]> = {
  INITIAL: [PlanDecision.PLAN_STARTED, PlanDecision.NO_PLAN],
  TRANSFER_IN: [PlanDecision.PLAN_STARTED, PlanDecision.NO_PLAN],
  REVIEW: [PlanDecision.PLAN_CONTINUED, PlanDecision.PLAN_ENDED],
};

/**
 * Every rule a held conference must satisfy (DOMAIN.md and the census rules), as field problems,
 * so the chair sees them all at once.
 */
export function heldConferenceProblems(
  conf: Pick<ConferenceRecord, 'type' | 'clockStart' | 'dueBy' | 'transferInClockStart'>,
  input: RecordConferenceHeldInput,
  childIds: string[],
  hasActivePlan: (childId: string) => boolean,
  today: string,
  decides = true,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const { heldOn } = input;
  if (heldOn > today) bad('heldOn', 'must not be in the future');
  if (isWeekend(heldOn)) bad('heldOn', 'must not be a Saturday or Sunday');
  if (conf.type === 'INITIAL' && heldOn < conf.clockStart)
    bad('heldOn', `must not be before the strategy discussion, ${conf.clockStart}`);
  if (conf.type === 'TRANSFER_IN' && heldOn < conf.clockStart)
    bad(
      'heldOn',
      `must not be before ${conf.transferInClockStart === 'REFERRAL_ACCEPTED' ? "the referral's acceptance" : 'the transfer notification'}, ${conf.clockStart}`,
    );
  if (conf.type === 'REVIEW' && heldOn <= conf.clockStart)
    bad('heldOn', `must be after ${conf.clockStart}, when the plans started or were last reviewed`);
  if (heldOn > conf.dueBy && !input.delayReason)
    bad('delayReason', `is required: the conference was due by ${conf.dueBy}`);

  const members = new Set(childIds);
  const seen = new Set<string>();
  // An inquorate conference without a reason to go ahead decides nothing (issue 18): its outcomes are not read.
  if (!decides) return problems;
  input.outcomes.forEach((o, i) => {
    const at = `outcomes.${i}`;
    if (!members.has(o.childId)) return bad(`${at}.childId`, 'is not a child of this conference');
    if (seen.has(o.childId)) return bad(`${at}.childId`, 'has more than one outcome');
    seen.add(o.childId);
    if (!DECISIONS[conf.type].includes(o.decision))
      return bad(`${at}.decision`, `must be ${DECISIONS[conf.type].join(' or ')} at a ${conf.type} conference`);
    const active = hasActivePlan(o.childId);
    if (o.decision === PlanDecision.PLAN_STARTED) {
      if (!o.category) bad(`${at}.category`, 'is required when a plan starts');
      if (active) bad(`${at}.decision`, `child ${o.childId} already has an active plan`);
    }
    if ((o.decision === PlanDecision.PLAN_CONTINUED || o.decision === PlanDecision.PLAN_ENDED) && !active)
      bad(`${at}.decision`, `child ${o.childId} has no active plan`);
    if (o.decision === PlanDecision.PLAN_ENDED && !o.endReason) bad(`${at}.endReason`, 'is required when a plan ends');
    if (o.actions?.length && (o.decision === PlanDecision.NO_PLAN || o.decision === PlanDecision.PLAN_ENDED))
      bad(`${at}.actions`, 'are for a plan that starts or continues');
  });
  for (const id of childIds) if (!seen.has(id)) bad('outcomes', `has no outcome for child ${id}`);

  const participants = new Set<string>();
  (input.participation ?? []).forEach((p, i) => {
    if (!members.has(p.childId)) bad(`participation.${i}.childId`, 'is not a child of this conference');
    else if (participants.has(p.childId)) bad(`participation.${i}.childId`, 'appears more than once');
    participants.add(p.childId);
  });
  return problems;
}
