import { defineMachine } from '../workflow/machine';
import { WebhookStatusName } from './notification.repository';

/**
 * A webhook: an ADMIN disables or enables it; the delivery worker disables it when its deliveries
 * keep failing (WebhookAlarm). Registration is audited as WEBHOOK_REGISTERED by NotificationsService.
 */
export const webhookMachine = defineMachine<WebhookStatusName, 'enable' | 'disable'>({
  entity: 'Webhook',
  table: 'webhook',
  statuses: ['ACTIVE', 'DISABLED'],
  initial: 'ACTIVE',
  transitions: {
    enable: { from: ['DISABLED'], to: 'ACTIVE', action: 'WEBHOOK_ENABLED' },
    disable: { from: ['ACTIVE'], to: 'DISABLED', action: 'WEBHOOK_DISABLED' },
  },
});
