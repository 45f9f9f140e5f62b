import type { ReactNode } from 'react';
import type { ShownIssue } from '../../labels';
import { FieldBox } from './FieldBox';
import { fieldDomId } from './field-id';
import type { TextField } from './useCustomerDraft';

interface Props {
  path: TextField;
  label: string;
  value: string;
  issues: ShownIssue[];
  onChange(value: string): void;
  onBlur(): void;
  required?: boolean;
  mono?: boolean;
  wide?: boolean;
  maxLength?: number;
  inputMode?: 'tel' | 'text';
  /** Shown under the field while it has no message (e.g. what the ID number says about its holder). */
  extra?: ReactNode;
  after?: ReactNode;
  autoFocus?: boolean;
}

/** A one-line text field of the customer form, wired for messages and screen readers. */
export function TextFieldBox({ path, label, value, issues, onChange, onBlur, required, mono, wide, maxLength, inputMode, extra, after, autoFocus }: Props) {
  return (
    <FieldBox path={path} label={label} required={required} issues={issues} wide={wide} extra={extra} after={after}>
      <input
        id={fieldDomId(path)}
        data-autofocus={autoFocus || undefined}
        className={mono ? 'mono' : undefined}
        value={value}
        maxLength={maxLength}
        inputMode={inputMode}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={issues.some((i) => i.severity === 'error') || undefined}
        aria-describedby={issues.length ? `${fieldDomId(path)}-msg` : undefined}
        aria-required={required || undefined}
        autoComplete="off"
        spellCheck={false}
      />
    </FieldBox>
  );
}
