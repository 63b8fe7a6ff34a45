import type { ConnectionStatus } from '../../../shared/view-models.ts';
import { STATUS_LABEL, describeStatus } from './status.ts';

export function StatusBadge({ status, now }: { status: ConnectionStatus; now: number }) {
  return (
    <div className="status" data-status={status.kind}>
      <span className={`badge ${status.kind}`}>{STATUS_LABEL[status.kind]}</span> <span className="status-reason">{describeStatus(status, now)}</span>
    </div>
  );
}
