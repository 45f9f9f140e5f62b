import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OFFER_CHANNELS, type OfferChannel } from '../../../domain/value/segment-rules';
import type { CustomerValueView } from '../../../main/core/value/customer-value';
import { api } from '../../api/client';
import { errorText } from '../labels';

/**
 * 精微甄选 on the customer page: the tier, rights and points head office published (signed) for the customer.
 * Read-only here: tiers and points are bank facts computed at head office.
 */
export function CustomerValue({ id, rev }: { id: string; rev: string }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<CustomerValueView | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Where the customer met the offer: a VIP's queue ticket prints it too, so the teller says which (conversion per channel).
  const [channel, setChannel] = useState<OfferChannel>('desk');

  useEffect(() => {
    let live = true;
    api.call('customers.value', { id }).then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
        setRecorded(null);
      },
      (e: unknown) => live && setError(errorText(e, t)),
    );
    return () => {
      live = false;
    };
  }, [id, rev, t]);

  async function answer(response: 'accepted' | 'declined') {
    if (!value?.offer || busy) return;
    setBusy(true);
    try {
      await api.call('customers.offerResponse', { id, offer: value.offer.code, response, channel });
      setRecorded(t(`value.offerRecorded.${response}`, { title: value.offer.title }));
      setError(null);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  if (error) return <p className="notice notice-warning" role="alert">{t('value.loadFailed', { error })}</p>;
  if (value === undefined) return null;
  return (
    <section className="subsection" data-testid="customer-value" aria-label={t('value.title')}>
      <h3>{t('value.title')}</h3>
      {value === null ? (
        <p className="muted">{t('value.none')}</p>
      ) : (
        <dl className="dl">
          <div className="dl-row">
            <dt>{t('value.tier')}</dt>
            <dd>
              <span className={value.vip ? 'tag tag-vip' : 'tag'} data-testid="customer-tier">{t(`value.tier.${value.tier}`)}</span>{' '}
              <span className="muted">{t('value.rulesVersion', { version: value.rulesVersion })}</span>
            </dd>
          </div>
          <div className="dl-row">
            <dt>{t('value.points')}</dt>
            <dd className="mono" data-testid="customer-points">{t('value.pointsCount', { points: value.points.toLocaleString('zh-CN') })}</dd>
          </div>
          <div className="dl-row">
            <dt>{t('value.rights')}</dt>
            <dd data-testid="customer-rights">{value.rights.length ? value.rights.map((r) => t(`value.right.${r.code}`)).join(t('value.listSeparator')) : t('value.noRights')}</dd>
          </div>
          {value.offer && (
            <div className="dl-row" data-testid="customer-offer">
              <dt>{t('value.offer')}</dt>
              <dd>
                <strong data-testid="customer-offer-title">{value.offer.title}</strong> <span className="muted">{value.offer.product}</span>
                {value.offer.pitch && <div className="muted">{value.offer.pitch}</div>}
                {recorded ? (
                  <p className="notice notice-info" role="status" data-testid="customer-offer-recorded">{recorded}</p>
                ) : (
                  <div className="actions">
                    <label>
                      {t('value.offerChannel')}{' '}
                      <select value={channel} onChange={(e) => setChannel(e.target.value as OfferChannel)} data-testid="customer-offer-channel">
                        {OFFER_CHANNELS.map((c) => <option key={c} value={c}>{t(`value.offerChannel.${c}`)}</option>)}
                      </select>
                    </label>{' '}
                    <button type="button" className="button button-primary" disabled={busy} onClick={() => void answer('accepted')} data-testid="customer-offer-accept">{t('value.offerAccept')}</button>{' '}
                    <button type="button" className="button" disabled={busy} onClick={() => void answer('declined')} data-testid="customer-offer-decline">{t('value.offerDecline')}</button>
                  </div>
                )}
              </dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}
