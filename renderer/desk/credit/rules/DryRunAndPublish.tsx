import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { DryRunResult, type DryRun } from './DryRunResult';

export interface RulesResult {
  kind: 'error' | 'info';
  text: string;
}

interface Props {
  canEdit: boolean;
  canPublish: boolean;
  notes: string;
  onNotes(notes: string): void;
  /** Save was pressed without notes: the notes field is marked until it has some. */
  notesMissing: boolean;
  hasDraft: boolean;
  onDryRun(): void;
  onSave(): void;
  onPublish(): void;
  /** Errors and confirmations show here, beside the buttons that caused them. */
  result: RulesResult | null;
  resultRef: RefObject<HTMLDivElement | null>;
  dry: DryRun | null;
}

/** Dry run, save as draft (with notes) and publish, with what each did. */
export function DryRunAndPublish({ canEdit, canPublish, notes, onNotes, notesMissing, hasDraft, onDryRun, onSave, onPublish, result, resultRef, dry }: Props) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('credit.ui.dryRun')}</h2>
      {canEdit && (
        <label className={notesMissing && notes.trim().length < 2 ? 'field has-error rule-notes' : 'field rule-notes'} htmlFor="rule-notes">
          <span className="field-label">{t('credit.ui.ruleNotes')}<span className="required" aria-hidden="true">*</span></span>
          <input id="rule-notes" value={notes} onChange={(e) => onNotes(e.target.value)} aria-required="true" placeholder={t('credit.ui.rules.notesHint')} data-testid="rule-notes" />
        </label>
      )}
      <div className="editor-actions left">
        <button type="button" className="button" onClick={onDryRun} data-testid="dry-run">{t('credit.ui.dryRunButton')}</button>
        {canEdit && <button type="button" className="button" onClick={onSave} data-testid="save-draft">{t('credit.ui.saveDraft')}</button>}
        {canPublish && <button type="button" className="button button-primary" onClick={onPublish} disabled={!hasDraft} data-testid="publish">{t('credit.ui.publish')}</button>}
      </div>
      <div ref={resultRef}>
        {result && <p className={result.kind === 'error' ? 'notice notice-error' : 'notice notice-info'} role={result.kind === 'error' ? 'alert' : 'status'} data-testid="rules-result">{result.text}</p>}
      </div>
      {dry && <DryRunResult dry={dry} />}
    </section>
  );
}
