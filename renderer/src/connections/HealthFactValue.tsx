import type { HealthFact } from '../../../shared/view-models.ts';
import { TimeUntil, When } from '../components/TimeUntil.tsx';

/** One derived fact row value: a live countdown, or main's words with the moment they refer to. */
export function HealthFactValue({ fact, now }: { fact: HealthFact; now: number }) {
  if (fact.kind === 'countdown') return <TimeUntil at={fact.at} now={now} />;
  return (
    <span>
      {fact.text}
      {fact.at !== undefined ? (
        <>
          {' '}
          <span className="muted">
            (<When at={fact.at} />)
          </span>
        </>
      ) : null}
    </span>
  );
}
