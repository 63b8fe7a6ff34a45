import type { RangePreset } from './range.ts';

const PRESETS: { value: RangePreset; label: string }[] = [
  { value: 7, label: '7 days' },
  { value: 30, label: '30 days' },
  { value: 90, label: '90 days' },
  { value: 'custom', label: 'Custom' },
];

export function RangePicker(props: {
  preset: RangePreset;
  from: string;
  to: string;
  invalid: boolean;
  onPreset(p: RangePreset): void;
  onCustom(from: string, to: string): void;
}) {
  return (
    <fieldset className="toolbar range">
      <legend className="sr-only">Date range</legend>
      <div role="group" aria-label="Date range" className="button-row">
        {PRESETS.map((p) => (
          <button
            key={String(p.value)}
            type="button"
            aria-pressed={props.preset === p.value}
            className={props.preset === p.value ? 'primary' : ''}
            onClick={() => props.onPreset(p.value)}
          >
            {p.label}
          </button>
        ))}
      </div>
      {props.preset === 'custom' ? (
        <>
          <div>
            <label htmlFor="range-from">From</label>
            <input id="range-from" type="date" value={props.from} onChange={(e) => props.onCustom(e.target.value, props.to)} />
          </div>
          <div>
            <label htmlFor="range-to">To</label>
            <input
              id="range-to"
              type="date"
              value={props.to}
              aria-invalid={props.invalid || undefined}
              onChange={(e) => props.onCustom(props.from, e.target.value)}
            />
          </div>
          {props.invalid ? (
            <p className="error" role="alert">
              The end date must be on or after the start date.
            </p>
          ) : null}
        </>
      ) : null}
    </fieldset>
  );
}
