import type { ErrorView } from '../../../shared/error-codes.ts';
import { explain } from '../errors/explain.ts';

/** An error in plain words, the next step, and the core's own (secret-free) message as detail. */
export function ErrorNotice({ error, heading }: { error: ErrorView; heading?: string }) {
  const { title, next } = explain(error);
  return (
    <div className="notice error" role="alert" data-error-code={error.code}>
      {heading ? <h3>{heading}</h3> : null}
      <p>
        <strong>{title}</strong>
      </p>
      <p>{next}</p>
      {error.message && error.message !== title ? <p className="muted">Details: {error.message}</p> : null}
    </div>
  );
}
