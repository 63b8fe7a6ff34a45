import { forwardRef } from 'react';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { explain } from '../errors/explain.ts';

/**
 * The core's own (secret-free) message, when it adds something to the plain-words headline: a
 * message that only repeats the headline is dropped, and "X: X" repetitions are folded to "X".
 */
export function extraDetail(message: string, title: string): string | null {
  let text = message.trim();
  const parts = text.split(/:\s+/);
  if (parts.length > 1 && parts.every((p) => p.replace(/[.\s]+$/, '') === parts[0]!.replace(/[.\s]+$/, ''))) text = parts[0]!;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  if (!text || norm(text) === norm(title)) return null;
  return text;
}

/** An error in plain words, the next step, and the core's message as an optional detail. */
export const ErrorNotice = forwardRef<HTMLDivElement, { error: ErrorView; heading?: string }>(function ErrorNotice({ error, heading }, ref) {
  const { title, next } = explain(error);
  const detail = extraDetail(error.message, title);
  return (
    <div className="notice error" role="alert" data-error-code={error.code} ref={ref} tabIndex={-1}>
      {heading ? <h3>{heading}</h3> : null}
      <p className="notice-title">
        <strong>{title}</strong>
      </p>
      <p>{next}</p>
      {detail ? (
        <details className="notice-detail">
          <summary>More detail</summary>
          <p className="muted">{detail}</p>
        </details>
      ) : null}
    </div>
  );
});
