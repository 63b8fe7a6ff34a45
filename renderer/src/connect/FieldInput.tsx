import type { ProviderFieldView } from '../../../shared/view-models.ts';
import { normalizeFieldValue } from '../../../shared/field-rules.ts';

const INPUT_TYPE: Record<ProviderFieldView['kind'], string> = { url: 'url', text: 'text', 'shop-domain': 'text', secret: 'password' };

/** One profile field with its label, help and live validation message. */
export function FieldInput(props: {
  field: ProviderFieldView;
  value: string;
  problem: string | null;
  show: boolean;
  onChange(v: string): void;
  onBlur(): void;
}) {
  const { field: f, value, problem, show } = props;
  const id = `field-${f.name}`;
  const describedBy = [f.help ? `${id}-help` : '', show && problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {f.label}
        {f.required ? '' : ' (optional)'}
      </label>
      <input
        id={id}
        name={f.name}
        type={INPUT_TYPE[f.kind]}
        value={value}
        placeholder={f.placeholder}
        required={f.required}
        autoComplete={f.kind === 'secret' ? 'off' : undefined}
        spellCheck={false}
        aria-invalid={show && problem ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={() => {
          // Shows the admin the value Storelink will use (e.g. a pasted admin.shopify.com/store/x -> x.myshopify.com).
          const normalized = normalizeFieldValue(f.kind, value);
          if (normalized !== value) props.onChange(normalized);
          props.onBlur();
        }}
      />
      {f.help ? (
        <p className="help" id={`${id}-help`}>
          {f.help}
        </p>
      ) : null}
      {show && problem ? (
        <p className="error" id={`${id}-error`}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}
