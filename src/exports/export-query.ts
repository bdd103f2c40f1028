import { badField } from '../common/errors';
import { DATE_RANGE, isAcceptedDate } from '../common/scalars';
import { EscalationStatus } from '../escalations/escalation.entity';
import { EscalationFilter, EscalationStatusEnum } from '../escalations/escalation.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = Object.keys(EscalationStatusEnum);

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** EscalationFilter from a query string: the GraphQL filter's fields, with its rules; status may repeat or be comma-separated. */
export function escalationFilterFromQuery(query: Record<string, string | string[] | undefined>): EscalationFilter {
  const filter: EscalationFilter = {};
  const status = ([] as string[])
    .concat(query.status ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (status.length) {
    const bad = status.filter((s) => !STATUSES.includes(s));
    if (bad.length) throw badField('status', `must be among ${STATUSES.join(', ')}; got ${bad.join(', ')}`);
    filter.status = status as EscalationStatus[];
  }
  const stage = one(query.stage);
  if (stage != null && stage !== '') {
    if (!/^[1-4]$/.test(stage)) throw badField('stage', 'must be a whole number from 1 to 4');
    filter.stage = Number(stage);
  }
  for (const key of ['teamId', 'raisedById', 'childId'] as const) {
    const v = one(query[key]);
    if (v == null || v === '') continue;
    if (!UUID.test(v)) throw badField(key, 'must be an id');
    filter[key] = v;
  }
  for (const key of ['raisedFrom', 'raisedTo'] as const) {
    const v = one(query[key]);
    if (v == null || v === '') continue;
    if (!isAcceptedDate(v))
      throw badField(key, `must be a date, YYYY-MM-DD, from ${DATE_RANGE.min} to ${DATE_RANGE.max}`);
    filter[key] = v;
  }
  const breached = one(query.breached);
  if (breached != null && breached !== '') {
    if (breached !== 'true' && breached !== 'false') throw badField('breached', 'must be true or false');
    filter.breached = breached === 'true';
  }
  return filter;
}
