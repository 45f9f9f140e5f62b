import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRODUCT_CODES, PRODUCTS } from '../../../domain/credit/products';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import { partnerCodeFromScan } from '../../../domain/value/partners';
import { api } from '../../api/client';
import { errorText } from '../labels';
import { formatYuan } from './credit-format';

/** Step 1 of the wizard: pick one of the seven 共富 products (↑/↓ or 1–7, Enter) and open a draft for it. */
export function ProductPicker({ customerId, navigate, covered }: { customerId: string; navigate(p: string[]): void; covered: boolean }) {
  const { t, i18n } = useTranslation();
  const [customer, setCustomer] = useState<CustomerRecord | null>(null);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // 精微易享: the partner's QR scanned (the scanner types its text) or their code typed.
  const [partner, setPartner] = useState('');
  const listRef = useRef<HTMLUListElement>(null);
  // Keys typed before the customer has arrived (type-ahead) count: a product chosen by key is not overridden by the
  // suggestion, and Enter opens the draft as soon as the customer is there.
  const keyed = useRef(false);
  const enterPending = useRef(false);

  useEffect(() => {
    api.call('customers.get', { id: customerId }).then((c) => {
      setCustomer(c);
      if (!keyed.current) setActive(PRODUCT_CODES.indexOf(suggestedProduct(c)));
    }, (e: unknown) => setError(errorText(e, t)));
  }, [customerId, t]);
  useLayoutEffect(() => listRef.current?.focus(), []);
  useEffect(() => {
    if (!customer || !enterPending.current) return;
    enterPending.current = false;
    void choose(active);
  });

  async function choose(i: number) {
    if (busy) return;
    setBusy(true);
    try {
      const partnerCode = partnerCodeFromScan(partner);
      const app = await api.call('loans.createDraft', { customerId, productCode: PRODUCT_CODES[i]!, ...(partnerCode ? { partnerCode } : {}) });
      navigate([app.id]);
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
    }
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if (covered) return;
    if (e.key === 'ArrowDown') setActive((a) => Math.min(PRODUCT_CODES.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Enter') {
      if (customer) void choose(active);
      else enterPending.current = true;
    } else if (/^[1-7]$/.test(e.key)) setActive(Number(e.key) - 1);
    else return;
    if (e.key !== 'Enter') keyed.current = true;
    e.preventDefault();
  }

  const en = i18n.language === 'en';
  return (
    <div className="credit-page" data-testid="product-picker">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.pickProduct', { name: customer?.name ?? '' })}</h1>
      </div>
      <p className="muted">{t('credit.ui.pickProductHint')}</p>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      <label className="field">
        <span>{t('credit.ui.partnerCode')}</span>
        <input
          data-testid="partner-code" value={partner} autoComplete="off" spellCheck={false} maxLength={64}
          onChange={(e) => setPartner(e.target.value)}
          onKeyDown={(e) => {
            // A scanner ends its text with Enter: back to the product list rather than opening a draft on its own.
            if (e.key !== 'Enter') return;
            e.preventDefault();
            listRef.current?.focus();
          }}
        />
      </label>
      <ul className="product-list" role="listbox" tabIndex={0} ref={listRef} onKeyDown={onKeyDown} aria-label={t('credit.ui.product')} aria-activedescendant={`product-${PRODUCT_CODES[active]}`}>
        {PRODUCT_CODES.map((code, i) => {
          const p = PRODUCTS[code];
          return (
            <li key={code} id={`product-${code}`} role="option" aria-selected={i === active} className={i === active ? 'product active' : 'product'} onClick={() => void choose(i)} onMouseMove={() => setActive(i)}>
              <kbd>{i + 1}</kbd>
              <strong>{en ? p.nameEn : p.nameZh}</strong>
              <span className="muted">{t(`credit.group.${p.group}`)}</span>
              <span className="muted">{t('credit.ui.productTerms', { max: formatYuan(p.maxLimitFen), months: p.maxTermMonths })}</span>
              <span className="product-data">{p.requiredData.map((d) => t(`credit.data.${d}`)).join('、')}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The product made for the customer's group, suggested first. */
function suggestedProduct(c: CustomerRecord): (typeof PRODUCT_CODES)[number] {
  if (c.kind === 'enterprise') return 'enterprise';
  const byGroup = { 'civil-servant': 'gold-collar', merchant: 'merchant', farmer: 'farmer', salaried: 'salary' } as const;
  return byGroup[c.group as keyof typeof byGroup] ?? 'inclusive';
}
