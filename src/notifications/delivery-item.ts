/** What a delivery carries: ids, dates and the escalation reference, never the inbox reason. */
export interface DeliveryItem {
  kind: string;
  dueBy: string | null;
  escalationId: string | null;
  escalationReference: string | null;
  actionId: string | null;
  occurredAt: string;
}
