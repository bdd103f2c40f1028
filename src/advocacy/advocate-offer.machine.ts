import { defineMachine } from '../workflow/machine';

export const ADVOCATE_OFFER_STATUSES = [
  'OFFERED',
  'ACCEPTED',
  'DECLINED',
  'ALLOCATED',
  'COMPLETED',
  'WITHDRAWN',
] as const;
export type AdvocateOfferStatus = (typeof ADVOCATE_OFFER_STATUSES)[number];
export const OPEN_OFFER_STATUSES: AdvocateOfferStatus[] = ['OFFERED', 'ACCEPTED', 'ALLOCATED'];

/** DOMAIN.md, "Advocacy": offered, accepted or declined, allocated, completed; withdrawn at any point. */
export const advocateOfferMachine = defineMachine({
  entity: 'AdvocateOffer',
  table: 'advocate_offer',
  statuses: ADVOCATE_OFFER_STATUSES,
  initial: 'OFFERED',
  transitions: {
    accept: { from: ['OFFERED'], to: 'ACCEPTED' },
    decline: { from: ['OFFERED'], to: 'DECLINED' },
    allocate: { from: ['ACCEPTED'], to: 'ALLOCATED', action: 'ADVOCATE_ALLOCATED' },
    complete: { from: ['ALLOCATED'], to: 'COMPLETED' },
    withdraw: { from: ['OFFERED', 'ACCEPTED', 'ALLOCATED'], to: 'WITHDRAWN' },
  },
});
