import { forwardRef } from 'react';
import type { ErrorCode, ErrorView } from '../../../shared/error-codes.ts';
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

/**
 * Codes whose core message is itself the admin's next step, written for them and specific to what
 * happened (which field is wrong, why the file could not be saved: e.g. "That folder does not exist
 * any more. Choose another folder, then export again."). For these the message replaces the generic
 * next step and stays visible: hidden under "More detail" the admin would only read the generic
 * advice (issue 10: every notice says what to do). Other codes keep the core's message, which may be
 * technical, as an optional detail.
 */
const MESSAGE_IS_NEXT_STEP: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['invalid_input', 'export_failed']);

/** An error in plain words, the next step, and the core's message as an optional detail. */
export const ErrorNotice = forwardRef<HTMLDivElement, { error: ErrorView; heading?: string }>(function ErrorNotice({ error, heading }, ref) {
  const { title, next: generic } = explain(error);
  const specific = MESSAGE_IS_NEXT_STEP.has(error.code) ? extraDetail(error.message, title) : null;
  const next = specific ?? generic;
  const detail = specific ? null : extraDetail(error.message, title);
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
