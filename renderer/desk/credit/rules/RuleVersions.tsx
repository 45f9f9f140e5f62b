import { useTranslation } from 'react-i18next';
import type { ApiResult } from '../../../../main/core/api/contract';
import { showDateTime } from '../../../format/time';

/** The published versions of the product's rules: who published each, when, and why. */
export function RuleVersions({ versions }: { versions: ApiResult<'rules.get'>['versions'] }) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('credit.ui.versions')}</h2>
      <table className="grid compact" data-testid="rule-versions">
        <thead><tr><th>{t('field.version')}</th><th>{t('field.publishedAt')}</th><th>{t('credit.ui.rules.publishedBy')}</th><th>{t('field.notes')}</th></tr></thead>
        <tbody>{versions.map((v) => (
          <tr key={v.version}><td>{t('credit.ui.rules.versionN', { v: String(v.version) })}</td><td>{showDateTime(v.publishedAt)}</td><td>{v.publishedByName}</td><td>{v.notes || t('credit.ui.rules.noNotes')}</td></tr>
        ))}</tbody>
      </table>
    </section>
  );
}
