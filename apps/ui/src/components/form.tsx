'use client';

import { useCallback, useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError, describeError } from '../lib/api/api-error.ts';
import { parseList, validateForm, type FormErrors, type FormRules, type FormValues } from '../lib/validators.ts';

export interface FormState<V extends FormValues> {
  values: V;
  errors: FormErrors<V>;
  /** A problem that belongs to no single field (shown above the buttons). */
  formError: string | undefined;
  submitting: boolean;
  set: (name: keyof V, value: string) => void;
  fieldId: (name: keyof V) => string;
  /** `onSubmit` for the <form>: validates, focuses the first bad field, or runs `action`. */
  submit: (action: (values: V) => Promise<void>) => (event: FormEvent) => void;
  reset: (values?: V) => void;
}

/**
 * A form's values (all text, as typed), its per-field messages and its submission. Server refusals that
 * name a field (`error.param`) land next to that field too.
 */
export function useForm<V extends FormValues>(initial: V, rules: FormRules<V>): FormState<V> {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FormErrors<V>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const prefix = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const rulesRef = useRef(rules);
  rulesRef.current = rules;

  const fieldId = useCallback((name: keyof V) => `f${prefix}-${String(name)}`, [prefix]);

  const focusField = useCallback(
    (name: keyof V) => {
      // After React has rendered the messages, so screen readers announce the field with its error.
      setTimeout(() => document.getElementById(fieldId(name))?.focus(), 0);
    },
    [fieldId],
  );

  const set = useCallback((name: keyof V, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => (current[name] === undefined ? current : { ...current, [name]: undefined }));
  }, []);

  const submit = useCallback(
    (action: (values: V) => Promise<void>) => (event: FormEvent) => {
      event.preventDefault();
      if (submitting) return;
      const found = validateForm(values, rulesRef.current);
      const invalid = (Object.keys(values) as Array<keyof V>).filter((name) => found[name] !== undefined);
      setErrors(found);
      setFormError(undefined);
      if (invalid.length > 0) {
        focusField(invalid[0] as keyof V);
        return;
      }
      setSubmitting(true);
      action(values)
        .catch((error: unknown) => {
          const field = error instanceof ApiError && error.param ? (error.param.split('.')[0] as keyof V) : undefined;
          if (field !== undefined && field in values) {
            setErrors({ [field]: describeError(error) } as FormErrors<V>);
            focusField(field);
          } else {
            setFormError(describeError(error));
          }
        })
        .finally(() => setSubmitting(false));
    },
    [values, submitting, focusField],
  );

  const reset = useCallback(
    (next?: V) => {
      setValues(next ?? initial);
      setErrors({});
      setFormError(undefined);
    },
    [initial],
  );

  return { values, errors, formError, submitting, set, fieldId, submit, reset };
}

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}

function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !error && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: string) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'form' | 'name' | 'value' | 'onChange' | 'id'>;

export function TextField<V extends FormValues>({ form, name, label, hint, ...input }: { form: FormState<V>; name: keyof V & string; label: string; hint?: string } & InputProps) {
  const id = form.fieldId(name);
  const error = form.errors[name];
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={name}
        type="text"
        autoComplete="off"
        spellCheck={false}
        {...input}
        value={form.values[name] ?? ''}
        onChange={(event) => form.set(name, event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-errormessage={error ? `${id}-error` : undefined}
      />
    </FieldFrame>
  );
}

export function TextAreaField<V extends FormValues>({ form, name, label, hint, rows = 4, placeholder }: { form: FormState<V>; name: keyof V & string; label: string; hint?: string; rows?: number; placeholder?: string }) {
  const id = form.fieldId(name);
  const error = form.errors[name];
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        placeholder={placeholder}
        spellCheck={false}
        value={form.values[name] ?? ''}
        onChange={(event) => form.set(name, event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-errormessage={error ? `${id}-error` : undefined}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField<V extends FormValues>({ form, name, label, hint, options, disabled }: { form: FormState<V>; name: keyof V & string; label: string; hint?: string; options: readonly Option[]; disabled?: boolean }) {
  const id = form.fieldId(name);
  const error = form.errors[name];
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        disabled={disabled}
        value={form.values[name] ?? ''}
        onChange={(event) => form.set(name, event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-errormessage={error ? `${id}-error` : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * A set of checkboxes stored as a comma-separated list of values in one text value (so the same
 * validators and parsers apply). With no `choices` (the list failed to load) it falls back to a text field.
 */
export function ChoiceListField<V extends FormValues>({ form, name, label, hint, choices }: { form: FormState<V>; name: keyof V & string; label: string; hint?: string; choices: ReadonlyArray<string | Option> | undefined }) {
  const id = form.fieldId(name);
  const error = form.errors[name];
  const selected = parseList(form.values[name] ?? '');
  if (!choices || choices.length === 0) return <TextField form={form} name={name} label={label} hint={hint ? `${hint} Comma-separated.` : 'Comma-separated.'} />;
  const options = choices.map((choice) => (typeof choice === 'string' ? { value: choice, label: choice } : choice));
  const extra = selected.filter((value) => !options.some((option) => option.value === value)).map((value) => ({ value, label: value }));
  const toggle = (value: string, on: boolean) => form.set(name, (on ? [...selected, value] : selected.filter((item) => item !== value)).join(', '));
  return (
    <fieldset className={`field choice-list${error ? ' field-invalid' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend>{label}</legend>
      <div className="choices">
        {[...options, ...extra].map((option, index) => (
          <label key={option.value} className="choice">
            <input id={index === 0 ? id : undefined} type="checkbox" checked={selected.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {hint && !error && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function CheckboxField<V extends FormValues>({ form, name, label, hint }: { form: FormState<V>; name: keyof V & string; label: string; hint?: string }) {
  const id = form.fieldId(name);
  return (
    <div className="field field-checkbox">
      <input id={id} type="checkbox" checked={form.values[name] === 'true'} onChange={(event) => form.set(name, String(event.target.checked))} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function FormFooter<V extends FormValues>({ form, submitLabel, onCancel }: { form: FormState<V>; submitLabel: string; onCancel?: () => void }) {
  return (
    <>
      {form.formError && (
        <div className="notice notice-error" role="alert">
          {form.formError}
        </div>
      )}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button-primary" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : submitLabel}
        </button>
      </div>
    </>
  );
}

/** Two or three fields side by side on wide screens, stacked on narrow ones. */
export function FieldRow({ children }: { children: ReactNode }) {
  return <div className="field-row">{children}</div>;
}
