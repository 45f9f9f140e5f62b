import { useTranslation } from 'react-i18next';
import type { EditModels, Models } from './model-edit';
import { RuleModelForm } from './RuleModelForm';

export type EditorTab = 'form' | 'json';

interface Props {
  tab: EditorTab;
  onTab(tab: EditorTab): void;
  models: Models;
  edit: EditModels;
  json: string;
  onJson(json: string): void;
  canEdit: boolean;
}

/** The rule set as forms or as JSON text, one tab each. */
export function RuleEditor({ tab, onTab, models, edit, json, onJson, canEdit }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'form'} className={tab === 'form' ? 'tab active' : 'tab'} onClick={() => onTab('form')}>{t('credit.ui.ruleForm')}</button>
        <button type="button" role="tab" aria-selected={tab === 'json'} className={tab === 'json' ? 'tab active' : 'tab'} onClick={() => onTab('json')}>{t('credit.ui.rules.jsonTab')}</button>
      </div>
      {tab === 'json' ? (
        <textarea className="json-edit" value={json} onChange={(e) => onJson(e.target.value)} readOnly={!canEdit} spellCheck={false} aria-label={t('credit.ui.rules.jsonTab')} />
      ) : (
        <RuleModelForm models={models} edit={edit} canEdit={canEdit} />
      )}
    </>
  );
}
