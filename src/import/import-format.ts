import { GraphQLDate, GraphQLDateTime } from '../common/scalars';

/**
 * The bulk import's JSON Lines format (docs/import.md): one JSON object per line, with a `type`
 * and the authority's own `ref` for the record (unique per type; re-importing a ref writes nothing).
 * This file checks each line's shape; the services then apply the same rules as the API.
 */
export const RECORD_TYPES = ['child', 'plan', 'conference', 'escalation'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface ChildLine {
  type: 'child';
  ref: string;
  /** default: ref */
  caseReference: string;
  name: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  /** the team's name, as created in the service */
  team: string;
  /** the allocated social worker's subject */
  socialWorker: string | null;
}

export interface OutcomeLine {
  child: string;
  decision: string;
  category: string | null;
  endReason: string | null;
}

export interface HeldLine {
  heldOn: string;
  outcomes: OutcomeLine[];
  participation: { child: string; attended: boolean; viewsShared: string }[] | null;
  attendance: { agency: string; attended: boolean; reportReceived?: boolean | null }[] | null;
  delayReason: string | null;
  inquorateProceedReason: string | null;
}

export interface ConferenceLine {
  type: 'conference';
  ref: string;
  kind: 'INITIAL' | 'TRANSFER_IN';
  /** refs of child lines */
  children: string[];
  /** the strategy discussion (INITIAL) or the transfer notice (TRANSFER_IN) */
  clockStart: string;
  /** the chair's subject: the chair requests, schedules and records it */
  chair: string;
  scheduledFor: Date | null;
  held: HeldLine | null;
}

/** A child protection plan: the initial conference that started it, requested, scheduled and held on `startDate`. */
export interface PlanLine {
  type: 'plan';
  ref: string;
  child: string;
  category: string;
  startDate: string;
  strategyDiscussionDate: string;
  chair: string;
  delayReason: string | null;
}

export interface EscalationLine {
  type: 'escalation';
  ref: string;
  child: string;
  /** the chair's subject */
  raisedBy: string;
  raisedOn: string;
  stage: number | null;
  concern: string;
  summary: string;
}

export type ImportLine = ChildLine | ConferenceLine | PlanLine | EscalationLine;

/** A line that cannot be imported: its number (from 1) and why. */
export class LineProblem extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LineProblem';
  }
}

const MAX_LINE = 64 * 1024;
const REF = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

type Obj = Record<string, unknown>;

function field(
  o: Obj,
  name: string,
  kind: 'string' | 'number' | 'boolean' | 'object' | 'array',
  required: boolean,
): unknown {
  const v = o[name];
  if (v === undefined || v === null) {
    if (required) throw new LineProblem(`${name} is required`);
    return null;
  }
  const ok =
    kind === 'array'
      ? Array.isArray(v)
      : kind === 'object'
        ? typeof v === 'object' && !Array.isArray(v)
        : typeof v === kind;
  if (!ok)
    throw new LineProblem(
      `${name} must be ${kind === 'array' ? 'an array' : kind === 'object' ? 'an object' : `a ${kind}`}`,
    );
  return v;
}
const str = (o: Obj, name: string) => field(o, name, 'string', true) as string;
const optStr = (o: Obj, name: string) => field(o, name, 'string', false) as string | null;
const ref = (o: Obj, name: string) => {
  const v = str(o, name);
  if (!REF.test(v))
    throw new LineProblem(`${name} must be 1 to 100 letters, digits or . _ : / - (starting with a letter or digit)`);
  return v;
};

/** A date as the API takes it (GraphQLDate's own rules): YYYY-MM-DD, a real day, within the accepted range. */
function date(o: Obj, name: string, required = true): string | null {
  const v = required ? str(o, name) : optStr(o, name);
  if (v === null) return null;
  try {
    return GraphQLDate.parseValue(v) as string;
  } catch (error) {
    throw new LineProblem(`${name}: ${(error as Error).message}`);
  }
}

function instant(o: Obj, name: string): Date | null {
  const v = optStr(o, name);
  if (v === null) return null;
  try {
    return GraphQLDateTime.parseValue(v) as Date;
  } catch (error) {
    throw new LineProblem(`${name}: ${(error as Error).message}`);
  }
}

const oneOf = <T extends string>(o: Obj, name: string, values: readonly T[]): T => {
  const v = str(o, name);
  if (!values.includes(v as T)) throw new LineProblem(`${name} must be one of ${values.join(', ')}`);
  return v as T;
};

const objects = (o: Obj, name: string, required: boolean): Obj[] | null => {
  const list = field(o, name, 'array', required) as unknown[] | null;
  if (list === null) return null;
  list.forEach((x, i) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x))
      throw new LineProblem(`${name}[${i}] must be an object`);
  });
  return list as Obj[];
};

/**
 * Parses one line into a record, checking its shape and dates; anything the services decide
 * (references, statuses, timescales, who may) is checked when the line is applied.
 */
export function parseLine(text: string): ImportLine {
  if (text.length > MAX_LINE) throw new LineProblem(`the line is longer than ${MAX_LINE} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LineProblem('not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new LineProblem('a line must be one JSON object');
  const o = value as Obj;
  const type = oneOf(o, 'type', RECORD_TYPES);
  switch (type) {
    case 'child': {
      const r = ref(o, 'ref');
      const dateOfBirth = date(o, 'dateOfBirth', false);
      const expectedDateOfBirth = date(o, 'expectedDateOfBirth', false);
      return {
        type,
        ref: r,
        caseReference: optStr(o, 'caseReference') ?? r,
        name: str(o, 'name'),
        dateOfBirth,
        expectedDateOfBirth,
        team: str(o, 'team'),
        socialWorker: optStr(o, 'socialWorker'),
      };
    }
    case 'plan':
      return {
        type,
        ref: ref(o, 'ref'),
        child: ref(o, 'child'),
        category: str(o, 'category'),
        startDate: date(o, 'startDate')!,
        strategyDiscussionDate: date(o, 'strategyDiscussionDate')!,
        chair: str(o, 'chair'),
        delayReason: optStr(o, 'delayReason'),
      };
    case 'conference': {
      const children = field(o, 'children', 'array', true) as unknown[];
      if (!children.length) throw new LineProblem('children must name at least one child');
      children.forEach((c, i) => {
        if (typeof c !== 'string' || !REF.test(c)) throw new LineProblem(`children[${i}] must be a child line's ref`);
      });
      const heldObj = field(o, 'held', 'object', false) as Obj | null;
      let held: HeldLine | null = null;
      if (heldObj) {
        const outcomes = objects(heldObj, 'outcomes', true)!.map((x, i) => {
          try {
            return {
              child: ref(x, 'child'),
              decision: str(x, 'decision'),
              category: optStr(x, 'category'),
              endReason: optStr(x, 'endReason'),
            };
          } catch (error) {
            throw new LineProblem(`held.outcomes[${i}].${(error as Error).message}`);
          }
        });
        const participation =
          objects(heldObj, 'participation', false)?.map((x, i) => {
            try {
              return {
                child: ref(x, 'child'),
                attended: field(x, 'attended', 'boolean', true) as boolean,
                viewsShared: str(x, 'viewsShared'),
              };
            } catch (error) {
              throw new LineProblem(`held.participation[${i}].${(error as Error).message}`);
            }
          }) ?? null;
        held = {
          heldOn: (() => {
            try {
              return date(heldObj, 'heldOn')!;
            } catch (error) {
              throw new LineProblem(`held.${(error as Error).message}`);
            }
          })(),
          outcomes,
          participation,
          attendance: objects(heldObj, 'attendance', false) as HeldLine['attendance'],
          delayReason: optStr(heldObj, 'delayReason'),
          inquorateProceedReason: optStr(heldObj, 'inquorateProceedReason'),
        };
      }
      return {
        type,
        ref: ref(o, 'ref'),
        kind: oneOf(o, 'kind', ['INITIAL', 'TRANSFER_IN'] as const),
        children: children as string[],
        clockStart: date(o, 'clockStart')!,
        chair: str(o, 'chair'),
        scheduledFor: instant(o, 'scheduledFor'),
        held,
      };
    }
    case 'escalation': {
      const stage = field(o, 'stage', 'number', false) as number | null;
      return {
        type,
        ref: ref(o, 'ref'),
        child: ref(o, 'child'),
        raisedBy: str(o, 'raisedBy'),
        raisedOn: date(o, 'raisedOn')!,
        stage,
        concern: str(o, 'concern'),
        summary: str(o, 'summary'),
      };
    }
  }
}
