import { ConferenceRecord } from '../../src/conferences/conference.repository';
import { heldConferenceProblems } from '../../src/conferences/conference-held.rules';
import { RecordConferenceHeldInput } from '../../src/conferences/conference.inputs';
import { AbuseCategory, PlanDecision } from '../../src/conferences/conference.types';

// The rules a held conference must satisfy, with no database or HTTP (issue 11's middle tier).
// Dates are fixed: Tue 2026-11-24 is "today"; Sat 2026-11-21 is a weekend day.
const TODAY = '2026-11-24';
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

const conference = (over: Partial<ConferenceRecord> = {}): ConferenceRecord => ({
  id: 'c',
  authorityId: 'x',
  type: 'INITIAL',
  status: 'SCHEDULED',
  teamId: 't',
  chairId: null,
  strategyDiscussionDate: '2026-11-02',
  transferNotifiedOn: null,
  referralAcceptedOn: null,
  preBirthReviewWorkingDays: 10,
  transferInClockStart: null,
  clockStart: '2026-11-02',
  dueBy: '2026-11-23',
  scheduledFor: null,
  heldOn: null,
  cancelledOn: null,
  delayReason: null,
  previousConferenceId: null,
  version: 2,
  attendance: [],
  quorate: null,
  inquorateProceedReason: null,
  reconvenedAsId: null,
  reportSharedDueBy: null,
  reportSharedWithFamilyOn: null,
  minutesDueBy: null,
  minutesDistributedOn: null,
  ...over,
});

const input = (over: Partial<RecordConferenceHeldInput> = {}): RecordConferenceHeldInput =>
  ({
    conferenceId: 'c',
    heldOn: '2026-11-20',
    outcomes: [{ childId: A, decision: PlanDecision.PLAN_STARTED, category: AbuseCategory.NEGLECT }],
    ...over,
  }) as RecordConferenceHeldInput;

const problems = (conf: ConferenceRecord, i: RecordConferenceHeldInput, children = [A], active: string[] = []) =>
  heldConferenceProblems(conf, i, children, (id) => active.includes(id), TODAY);
const fields = (list: { field: string }[]) => list.map((p) => p.field);

describe('heldConferenceProblems', () => {
  it('accepts a valid initial conference that starts a plan', () => {
    expect(problems(conference(), input())).toEqual([]);
  });

  it('refuses a future or weekend date, and a date before the clock started', () => {
    expect(fields(problems(conference(), input({ heldOn: '2026-11-25' })))).toContain('heldOn');
    expect(problems(conference(), input({ heldOn: '2026-11-21' }))).toEqual([
      { field: 'heldOn', message: 'must not be a Saturday or Sunday' },
    ]);
    expect(problems(conference(), input({ heldOn: '2026-10-30' }))[0].message).toBe(
      'must not be before the strategy discussion, 2026-11-02',
    );
    expect(
      problems(
        conference({ type: 'TRANSFER_IN', transferInClockStart: 'NOTIFICATION' }),
        input({ heldOn: '2026-10-30' }),
      )[0].message,
    ).toBe('must not be before the transfer notification, 2026-11-02');
    // Issue 14: under the REFERRAL_ACCEPTED setting the clock starts at the referral's acceptance, and the message says so.
    expect(
      problems(
        conference({ type: 'TRANSFER_IN', transferInClockStart: 'REFERRAL_ACCEPTED' }),
        input({ heldOn: '2026-10-30' }),
      )[0].message,
    ).toBe("must not be before the referral's acceptance, 2026-11-02");
  });

  it('a review must be held after the day its plans started or were last reviewed', () => {
    const review = conference({ type: 'REVIEW', clockStart: '2026-11-20', dueBy: '2027-02-20' });
    const continued = input({
      outcomes: [{ childId: A, decision: PlanDecision.PLAN_CONTINUED }] as RecordConferenceHeldInput['outcomes'],
    });
    expect(fields(problems(review, continued, [A], [A]))).toEqual(['heldOn']);
    expect(problems(review, { ...continued, heldOn: '2026-11-23' }, [A], [A])).toEqual([]);
  });

  it('a late conference needs a delay reason', () => {
    const late = conference({ dueBy: '2026-11-19' });
    expect(problems(late, input())).toEqual([
      { field: 'delayReason', message: 'is required: the conference was due by 2026-11-19' },
    ]);
    expect(problems(late, input({ delayReason: 'chair unwell' }))).toEqual([]);
  });

  it('each child of the conference gets exactly one outcome allowed at this type of conference', () => {
    const outcomes = [
      { childId: A, decision: PlanDecision.PLAN_CONTINUED },
      { childId: A, decision: PlanDecision.NO_PLAN },
      { childId: '00000000-0000-4000-8000-0000000000ff', decision: PlanDecision.NO_PLAN },
    ] as RecordConferenceHeldInput['outcomes'];
    expect(problems(conference(), input({ outcomes }), [A, B])).toEqual([
      { field: 'outcomes.0.decision', message: 'must be PLAN_STARTED or NO_PLAN at a INITIAL conference' },
      { field: 'outcomes.1.childId', message: 'has more than one outcome' },
      { field: 'outcomes.2.childId', message: 'is not a child of this conference' },
      { field: 'outcomes', message: `has no outcome for child ${B}` },
    ]);
  });

  it('a plan starts with a category and only for a child without one; continues and ends only an active plan', () => {
    const start = input({
      outcomes: [{ childId: A, decision: PlanDecision.PLAN_STARTED }] as RecordConferenceHeldInput['outcomes'],
    });
    expect(problems(conference(), start, [A], [A])).toEqual([
      { field: 'outcomes.0.category', message: 'is required when a plan starts' },
      { field: 'outcomes.0.decision', message: `child ${A} already has an active plan` },
    ]);
    const review = conference({ type: 'REVIEW', clockStart: '2026-08-20', dueBy: '2027-02-20' });
    const end = input({
      outcomes: [
        { childId: A, decision: PlanDecision.PLAN_ENDED, actions: [{}] },
      ] as RecordConferenceHeldInput['outcomes'],
    });
    expect(problems(review, end, [A], [])).toEqual([
      { field: 'outcomes.0.decision', message: `child ${A} has no active plan` },
      { field: 'outcomes.0.endReason', message: 'is required when a plan ends' },
      { field: 'outcomes.0.actions', message: 'are for a plan that starts or continues' },
    ]);
  });

  it('participation names each child of the conference at most once', () => {
    const participation = [
      { childId: A, attended: true },
      { childId: A, attended: false },
      { childId: B, attended: true },
    ] as RecordConferenceHeldInput['participation'];
    expect(problems(conference(), input({ participation }))).toEqual([
      { field: 'participation.1.childId', message: 'appears more than once' },
      { field: 'participation.2.childId', message: 'is not a child of this conference' },
    ]);
  });
});
