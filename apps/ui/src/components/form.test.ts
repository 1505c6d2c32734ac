import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChoiceListField, TextField, type FormState } from './form.tsx';

function stubForm<V extends Record<string, string>>(values: V, errors: Partial<Record<keyof V, string>> = {}): FormState<V> {
  return { values, errors, formError: undefined, submitting: false, set: () => undefined, fieldId: (name) => `f-${String(name)}`, submit: () => () => undefined, reset: () => undefined };
}

/** The fields are generic over the form's values; rendering them here needs no particular form type. */
const render = (component: unknown, props: Record<string, unknown>) => renderToStaticMarkup(createElement(component as FunctionComponent<Record<string, unknown>>, props));

describe('form fields', () => {
  it('label the input and point it at its hint', () => {
    const html = render(TextField, { form: stubForm({ max_budget: '' }), name: 'max_budget', label: 'Max budget (USD)', hint: 'Blank: no limit.' });
    expect(html).toContain('<label for="f-max_budget">Max budget (USD)</label>');
    expect(html).toContain('aria-describedby="f-max_budget-hint"');
    expect(html).not.toContain('aria-invalid');
  });

  it('show the message next to the field, marked invalid, instead of the hint', () => {
    const html = render(TextField, { form: stubForm({ max_budget: '-5' }, { max_budget: 'Must not be negative.' }), name: 'max_budget', label: 'Max budget (USD)', hint: 'Blank: no limit.' });
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="f-max_budget-error"');
    expect(html).toContain('<p class="field-error" id="f-max_budget-error" data-testid="field-error">Must not be negative.</p>');
    expect(html).not.toContain('Blank: no limit.');
  });

  it('render values as text', () => {
    const html = render(ChoiceListField, { form: stubForm({ teams: 't1' }), name: 'teams', label: 'Teams', choices: [{ value: 't1', label: '<img src=x onerror=alert(1)>' }] });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('checked=""');
  });

  it('fall back to a comma-separated text field when the choices did not load', () => {
    const html = render(ChoiceListField, { form: stubForm({ models: 'a, b' }), name: 'models', label: 'Models', choices: undefined });
    expect(html).toContain('value="a, b"');
    expect(html).toContain('Comma-separated.');
  });
});
