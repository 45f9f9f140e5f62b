import type { ReactNode } from 'react';
import type { ShownIssue } from '../../labels';
import { fieldDomId } from './field-id';

/** One labelled field with its messages underneath; the input itself is the child. */
export function FieldBox({ path, label, required, issues, wide, extra, after, children }: {
  path: string;
  /** Always shown under the messages, e.g. the link to the customer who already has this ID number. */
  after?: ReactNode;
  label: string;
  required?: boolean;
  issues: ShownIssue[];
  wide?: boolean;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const hasError = issues.some((i) => i.severity === 'error');
  return (
    <div className={['field', wide ? 'field-wide' : '', hasError ? 'has-error' : issues.length ? 'has-warning' : ''].join(' ')}>
      <label className="field-label" htmlFor={fieldDomId(path)}>
        {label}
        {required && <span className="required" aria-hidden="true">*</span>}
      </label>
      {children}
      <div id={`${fieldDomId(path)}-msg`} className="field-messages">
        {issues.map((i) => (
          <p key={i.text} className={i.severity === 'error' ? 'field-error' : 'field-warning'} data-testid={`issue-${path}`}>
            {i.text}
          </p>
        ))}
        {!issues.length && extra}
        {after}
      </div>
    </div>
  );
}
