import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ok, startTestApp, TestApp, tokenFor, Person } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// Runs on Thursday 2026-11-26 (fixed). Census year 2026 is 1 April 2025 to 31 March 2026; 2027 starts 1 April 2026.
const TODAY = '2026-11-26';

const CENSUS = `query($y: Int!) { childrenInNeedCensus(year: $y) {
  section47 { caseReference s47ActualStartDate initialCpcTarget dateOfInitialCpc }
  validationErrors { caseReference rule itemCodes recordId } } }`;
const DISCUSS =
  'mutation($i: RecordStrategyDiscussionInput!) { recordStrategyDiscussion(input: $i) { enquiries { id } } }';
const OUTCOME = 'mutation($i: RecordSection47OutcomeInput!) { recordSection47Outcome(input: $i) { id } }';

describe('census rules of issue 14: 8715, 8940 inclusive, 8925, 8740/8675Q', () => {
  let t: TestApp;
  let w: World;
  const ref: Record<string, string> = {};
  const id: Record<string, string> = {};
  let planOverlap: string;
  let planBackwards: string;
  let openEnquiry: string;

  const child = async (key: string) => {
    id[key] = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    ref[key] = (
      await ok(t, w.admin, 'query($id: ID!) { child(id: $id) { caseReference } }', { id: id[key] })
    ).child.caseReference;
    return id[key];
  };
  const icpc = async (key: string, strategy: string, heldOn: string) => {
    const c = await child(key);
    const req = (
      await ok(
        t,
        w.chair,
        'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }',
        { i: { childIds: [c], strategyDiscussionDate: strategy } },
      )
    ).requestInitialConference;
    await ok(t, w.chair, 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }', {
      i: { conferenceId: req.id, scheduledFor: `${heldOn}T10:00:00Z` },
    });
    const held = await ok(
      t,
      w.chair,
      'mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { outcomes { plan { id } } } }',
      {
        i: { conferenceId: req.id, heldOn, outcomes: [{ childId: c, decision: 'PLAN_STARTED', category: 'NEGLECT' }] },
      },
    );
    return held.recordConferenceHeld.outcomes[0].plan.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: TODAY });
    w = await buildWorld(t, 'cin14');
    // 8715: s47 started Tuesday 17 March 2026, ICPC Wednesday 1 April 2026 (11 working days: 18-20 March 3,
    // 23-27 March 8, 30-31 March 10, 1 April 11; Good Friday 3 April comes after). It is in the 2027 return, not 2026's.
    await icpc('april', '2026-03-17', '2026-04-01');
    // 8940: a plan from Monday 15 September 2025 (s47 Monday 1 September, 10 working days) ends on Wednesday
    // 15 October 2025 and another starts that same day. Changed with SQL behind the service's back.
    planOverlap = await icpc('overlap', '2025-09-01', '2025-09-15');
    await t.dataSource.query(
      "UPDATE child_protection_plan SET status = 'ENDED', end_date = '2025-10-15' WHERE id = $1",
      [planOverlap],
    );
    await t.dataSource.query(
      `INSERT INTO child_protection_plan (authority_id, child_id, status, initial_category, category, start_date, end_date, started_by_conference_id, last_conference_id)
       SELECT authority_id, child_id, 'ENDED', 'PHYSICAL_ABUSE', 'PHYSICAL_ABUSE', '2025-10-15', '2025-11-14', started_by_conference_id, started_by_conference_id
       FROM child_protection_plan WHERE id = $1`,
      [planOverlap],
    );
    // 8925: a plan from Monday 15 September 2025 recorded as ending the Friday before.
    planBackwards = await icpc('backwards', '2025-09-01', '2025-09-15');
    await t.dataSource.query(
      "UPDATE child_protection_plan SET status = 'ENDED', end_date = '2025-09-12' WHERE id = $1",
      [planBackwards],
    );
    // 8740/8675Q: an enquiry started Monday 2 February 2026 with no ICPC and no outcome; another with ICPCnotRequired is fine.
    const open = await child('open');
    openEnquiry = (
      await ok(t, w.teamA.socialWorker, DISCUSS, {
        i: { childIds: [open], heldOn: '2026-02-02', section47Initiated: true },
      })
    ).recordStrategyDiscussion.enquiries[0].id;
    const closed = await child('closed');
    const closedEnquiry = (
      await ok(t, w.teamA.socialWorker, DISCUSS, {
        i: { childIds: [closed], heldOn: '2026-02-02', section47Initiated: true },
      })
    ).recordStrategyDiscussion.enquiries[0].id;
    await ok(t, w.teamA.socialWorker, OUTCOME, {
      i: { enquiryId: closedEnquiry, outcome: 'ICPC_NOT_REQUIRED', completedOn: '2026-02-13' },
    });
  }, 60_000);
  afterAll(() => t.close());

  it("an ICPC held after 31 March is not in that year's return, but in the next (8715)", async () => {
    const y2026 = (await ok(t, w.auditor, CENSUS, { y: 2026 })).childrenInNeedCensus;
    // ICPC target: 15 working days from 17 March 2026 = Thursday 9 April (Good Friday 3 April and Easter Monday 6 April skipped)
    expect(y2026.section47.filter((r: any) => r.caseReference === ref.april)).toEqual([
      {
        caseReference: ref.april,
        s47ActualStartDate: '2026-03-17',
        initialCpcTarget: '2026-04-09',
        dateOfInitialCpc: null,
      },
    ]);
    const y2027 = (await ok(t, w.auditor, CENSUS, { y: 2027 })).childrenInNeedCensus;
    expect(y2027.section47.find((r: any) => r.caseReference === ref.april).dateOfInitialCpc).toBe('2026-04-01');
  });

  it('reports the plan starting on the day another ends, the plan ending before it starts, and the enquiry with no ICPC and no outcome', async () => {
    const c = (await ok(t, w.auditor, CENSUS, { y: 2026 })).childrenInNeedCensus;
    const found = c.validationErrors.map((e: any) => [e.caseReference, e.rule, e.itemCodes]);
    expect(found.sort()).toEqual(
      [
        [ref.overlap, 'OVERLAPPING_PLANS', ['N00105', 'N00115']],
        // the inserted second plan names the ICPC of 15 September as its start, yet starts on 15 October (2885)
        [ref.overlap, 'PLAN_START_NOT_ICPC_DATE', ['N00105', 'N00110']],
        [ref.backwards, 'PLAN_ENDS_BEFORE_START', ['N00115', 'N00105']],
        [ref.open, 'S47_WITHOUT_ICPC_OR_OUTCOME', ['N00148', 'N00110', 'N00111']],
      ].sort(),
    );
    expect(c.validationErrors.find((e: any) => e.rule === 'PLAN_ENDS_BEFORE_START').recordId).toBe(planBackwards);
    expect(c.validationErrors.find((e: any) => e.rule === 'S47_WITHOUT_ICPC_OR_OUTCOME').recordId).toBe(openEnquiry);
  });
  const download = async (year: string, who: Person) =>
    t.http
      .get(`/exports/cin-census.xml?year=${year}`)
      .set('authorization', `Bearer ${await tokenFor(who)}`)
      .buffer(true)
      .parse((res, cb) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (b += c));
        res.on('end', () => cb(null, b));
      });

  it('GET /exports/cin-census.xml writes the return in the DfE structure, well-formed, one Child per child', async () => {
    const res = await download('2026', w.auditor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    const xml = res.body as string;
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      isArray: (name) => ['Child', 'Section47', 'ChildProtectionPlans', 'CPPreviewDate'].includes(name),
      parseTagValue: false,
    }).parse(xml);
    expect(doc.Message.Header.CollectionDetails).toEqual({
      Collection: 'CIN',
      Year: '2026',
      ReferenceDate: '2026-03-31',
    });
    const kids = doc.Message.Children.Child;
    const laIds = kids.map((c: any) => c.ChildIdentifiers.LAchildID);
    // one Child per child: april, overlap, backwards, open and closed (their enquiries or plans fall in the year)
    expect(new Set(laIds).size).toBe(kids.length);
    expect(laIds.sort()).toEqual(
      ['april', 'overlap', 'backwards', 'open', 'closed'].map((k) => ref[k].replace(/[^A-Za-z0-9]/g, '')).sort(),
    );
    expect(laIds.every((id: string) => /^[A-Za-z0-9]+$/.test(id))).toBe(true);
    for (const c of kids) {
      expect(Object.keys(c)).toEqual(['ChildIdentifiers', 'ChildCharacteristics', 'CINdetails']);
      expect(c.ChildIdentifiers.PersonBirthDate).toBe('2015-01-01');
      expect(c.ChildCharacteristics).toHaveProperty('Disabilities');
    }
    const of = (k: string) =>
      kids.find((c: any) => c.ChildIdentifiers.LAchildID === ref[k].replace(/[^A-Za-z0-9]/g, '')).CINdetails;
    // 8715: the ICPC of 1 April 2026 is not in the 2026 return
    expect(of('april').Section47).toEqual([
      {
        S47ActualStartDate: '2026-03-17',
        InitialCPCtarget: '2026-04-09',
        DateOfInitialCPC: '',
        ICPCnotRequired: 'false',
      },
    ]);
    // the plan of 15 September 2025 starts on its ICPC's date, written at CINdetails level too (2885)
    expect(of('backwards').DateOfInitialCPC).toBe('2025-09-15');
    expect(of('backwards').ChildProtectionPlans[0]).toMatchObject({
      CPPstartDate: '2025-09-15',
      CPPendDate: '2025-09-12',
      InitialCategoryOfAbuse: 'NEG',
      NumberOfPreviousCPP: '0',
    });
    // N00111: no outcome yet is empty (8740 reports it); ICPC not required is true.
    // Target: 15 working days from Monday 2 February 2026 is Monday 23 February (no bank holiday between)
    expect(of('open').Section47).toEqual([
      { S47ActualStartDate: '2026-02-02', InitialCPCtarget: '2026-02-23', DateOfInitialCPC: '', ICPCnotRequired: '' },
    ]);
    expect(of('closed').Section47[0].ICPCnotRequired).toBe('true');
    const dates = [
      ...xml.matchAll(
        /<(?:S47ActualStartDate|InitialCPCtarget|DateOfInitialCPC|CPPstartDate|CPPendDate|CPPreviewDate|PersonBirthDate)>([^<]*)</g,
      ),
    ].map((m) => m[1]);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
  });

  it('the XML return is for auditors and admins, and needs a year', async () => {
    expect((await download('2026', w.admin)).status).toBe(200);
    expect((await download('2026', w.chair)).status).toBe(403);
    expect((await download('26', w.auditor)).status).toBe(400);
    expect((await t.http.get('/exports/cin-census.xml?year=2026')).status).toBe(401);
  });
});
