import type { ConnectionHealth } from '../../../shared/view-models.ts';

/**
 * The card's status: headline and detail exactly as main derived them
 * (main/core/lifecycle/connection-health.ts); the renderer adds nothing of its own.
 */
export function HealthHeadline({ health }: { health: ConnectionHealth }) {
  return (
    <div className="status health" data-tone={health.tone} data-testid="health">
      <span className={`badge tone-${health.tone}`} data-testid="health-headline">
        {health.headline}
      </span>{' '}
      <span className="status-reason" data-testid="health-detail">
        {health.detail}
      </span>
    </div>
  );
}
