import type { ConnectionView, HealthGroup } from '../../../shared/view-models.ts';

/** The Connections screen's status filter: the groups main derives (connection-health.ts), in words. */
export const HEALTH_GROUP_LABEL: Record<HealthGroup, string> = {
  working: 'Working normally',
  attention: 'Needs attention',
  'not-working': 'Not working',
};

export const HEALTH_GROUPS = Object.keys(HEALTH_GROUP_LABEL) as HealthGroup[];

/** The group main gave the card; a view without derived words is never claimed to be working. */
export function groupOf(c: ConnectionView): HealthGroup {
  return c.health?.group ?? 'attention';
}
