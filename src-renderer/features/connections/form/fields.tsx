import { useId, type ReactNode } from 'react';

interface FieldBase {
  label: string;
  error?: string;
  help?: ReactNode;
  wide?: boolean;
  testId?: string;
}

function Messages({ id, error, help }: { id: string; error?: string; help?: ReactNode }) {
  return (
    <>
      {error ? (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
      {help && !error ? (
        <span className="field-help" id={`${id}-help`}>
          {help}
        </span>
      ) : null}
    </>
  );
}

function describedBy(id: string, error?: string, help?: ReactNode): string | undefined {
  if (error) return `${id}-error`;
  return help ? `${id}-help` : undefined;
}

export function TextField(
  props: FieldBase & { value: string; onChange(v: string): void; type?: 'text' | 'password' | 'number'; placeholder?: string; mono?: boolean; autoComplete?: string; inputMode?: 'numeric' | 'decimal'; suggestions?: readonly string[] },
) {
  const id = useId();
  return (
    <div className={`field${props.wide ? ' wide' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        className={`input${props.mono ? ' mono' : ''}`}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        inputMode={props.inputMode}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={describedBy(id, props.error, props.help)}
        data-testid={props.testId}
        list={props.suggestions ? `${id}-list` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.suggestions ? (
        <datalist id={`${id}-list`}>
          {props.suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
      <Messages id={id} error={props.error} help={props.help} />
    </div>
  );
}

export function SelectField<T extends string>(props: FieldBase & { value: T; options: ReadonlyArray<{ value: T; label: string }>; onChange(v: T): void }) {
  const id = useId();
  return (
    <div className={`field${props.wide ? ' wide' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        className="select"
        value={props.value}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={describedBy(id, props.error, props.help)}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages id={id} error={props.error} help={props.help} />
    </div>
  );
}

export function CheckField(props: { label: string; checked: boolean; onChange(v: boolean): void; help?: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label className="checkbox" htmlFor={id}>
        <input id={id} type="checkbox" checked={props.checked} data-testid={props.testId} aria-describedby={props.help ? `${id}-help` : undefined} onChange={(e) => props.onChange(e.target.checked)} />
        <span>{props.label}</span>
      </label>
      {props.help ? (
        <span className="field-help" id={`${id}-help`}>
          {props.help}
        </span>
      ) : null}
    </div>
  );
}

/** Buttons that behave as one choice (aria-pressed), for small either/or settings. */
export function Segmented<T extends string>(props: { label: string; value: T; options: ReadonlyArray<{ value: T; label: string }>; onChange(v: T): void }) {
  return (
    <div className="cx-segmented" role="group" aria-label={props.label}>
      {props.options.map((o) => (
        <button key={o.value} type="button" aria-pressed={props.value === o.value} onClick={() => props.onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
