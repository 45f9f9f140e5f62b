import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FactSources } from './FactSources';
import { BANK_FACTS } from '../../../domain/credit/collection';
import type { ApplicationView } from '../../../main/core/credit/credit.contract';
import { moveToNextField } from '../form-keys';
import { useShortcuts } from '../shortcuts';
import { ChecklistItem } from './application/ChecklistItem';
import { EditorFooter } from './application/EditorFooter';
import { EditorTerms } from './application/EditorTerms';
import { FactInput } from './application/FactInput';
import { BANK_ITEM } from './application/fact-text';
import { useApplicationDraft } from './application/useApplicationDraft';
import { useApplicationSave } from './application/useApplicationSave';

/**
 * The data-collection form: only the product's checklist, done/missing at a glance. Enter moves to the next field,
 * Ctrl+S saves the draft, Ctrl+Enter submits. A required item's figures are always shown; typing one marks the
 * item collected. Every refusal is shown on its own field, and "saved" is never shown beside an error.
 */
export function ApplicationEditor({ app, onChange, covered }: { app: ApplicationView; onChange(a: ApplicationView): void; covered: boolean }) {
  const { t } = useTranslation();
  const draft = useApplicationDraft(app);
  const { items, collected } = draft;
  const { busy, save, submit, importFlows } = useApplicationSave({ app, onChange, draft });
  const formRef = useRef<HTMLDivElement>(null);

  useShortcuts(
    { save: () => void save(), nextStep: () => void submit(), bureauClean: () => items.includes('credit-report') && draft.fillCleanBureau() },
    !covered && !busy,
  );

  const done = items.filter((i) => collected.has(i)).length;
  return (
    <div className="credit-page" data-testid="application-editor" ref={formRef} onKeyDown={moveToNextField}>
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.applicationTitle', { name: app.customerName, product: t(`credit.product.${app.productCode}`) })}</h1>
        <span className="state-tag state-draft">{t('credit.state.draft')}</span>
        {app.renewalOf && <span className="tag">{t('credit.ui.renewal')}</span>}
      </div>
      <EditorTerms draft={draft} />

      <section className="checklist" aria-label={t('credit.ui.checklist')}>
        <h2>{t('credit.ui.checklist')} <span className="muted">{t('credit.ui.checklistCount', { done: String(done), total: String(items.length) })}</span></h2>
        {items.map((item) => (
          <ChecklistItem key={item} item={item} app={app} draft={draft} busy={!!busy} onImportFlows={(file) => void importFlows(file)} />
        ))}
        <div className="check-item done">
          <div className="check-head"><strong>{t('credit.ui.bankFacts')}</strong><span className="tag">{t('credit.ui.optional')}</span></div>
          <div className="facts">{BANK_FACTS.map((f) => <FactInput key={f.key} item={BANK_ITEM} field={f} app={app} draft={draft} />)}</div>
        </div>
      </section>
      <FactSources sources={app.factSources ?? []} />

      <EditorFooter draft={draft} busy={!!busy} onSave={() => void save()} onSubmit={() => void submit()} />
    </div>
  );
}
