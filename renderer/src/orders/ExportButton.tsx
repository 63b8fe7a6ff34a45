/**
 * "Export CSV…" (issue 9): asks the main process to export; the main process shows the save dialog
 * and writes the file. The renderer only learns how many rows were saved, or that the admin cancelled.
 */
import { useState } from 'react';
import type { ErrorView } from '../../../shared/error-codes.ts';
import type { IpcResult } from '../../../shared/ipc-contract.ts';
import type { ExportResultView } from '../../../shared/view-models.ts';
import { errorViewOf, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatInteger } from '../format/intl.ts';

export function ExportButton(props: { label: string; what: string; run: () => Promise<IpcResult<ExportResultView>>; testId?: string }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string>('');
  const [error, setError] = useState<ErrorView | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    setOutcome('Choose where to save the file…');
    try {
      const r = await unwrap(props.run());
      setOutcome(r.saved ? `Saved ${formatInteger(r.rows)} ${props.what} to the file you chose.` : 'Export cancelled. Nothing was saved.');
    } catch (err) {
      setOutcome('');
      setError(errorViewOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export-block" data-testid={props.testId}>
      <div className="export">
        <button type="button" onClick={() => void start()} disabled={busy} aria-describedby={props.testId ? `${props.testId}-status` : undefined}>
          {busy ? 'Exporting…' : props.label}
        </button>
        <p className="muted" role="status" id={props.testId ? `${props.testId}-status` : undefined}>
          {outcome}
        </p>
      </div>
      {error ? <ErrorNotice error={error} heading="Could not export" /> : null}
    </div>
  );
}
