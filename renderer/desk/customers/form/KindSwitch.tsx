import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '../../../../domain/customers/customer';

/** Individual or enterprise: chosen when the customer is created, shown fixed afterwards. */
export function KindSwitch({ kind, editable, onChoose }: { kind: CustomerKind; editable: boolean; onChoose(kind: CustomerKind): void }) {
  const { t } = useTranslation();
  if (!editable) {
    return (
      <p className="kind-fixed">
        <span className="tag">{t(`kind.${kind}`)}</span>
      </p>
    );
  }
  return (
    <fieldset className="kind-switch">
      <legend>{t('desk.field.kind')}</legend>
      {(['individual', 'enterprise'] as CustomerKind[]).map((k) => (
        <label key={k} className={kind === k ? 'segmented active' : 'segmented'}>
          <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => onChoose(k)} />
          {t(`kind.${k}`)}
        </label>
      ))}
    </fieldset>
  );
}
