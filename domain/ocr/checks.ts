import { validateResidentId } from '../identity/resident-id';
import { validateUscc } from '../identity/uscc';
import type { IdCardFields } from './extract-id-card';
import type { LicenceFields } from './extract-licence';
import { CHECK_TEXT, ID_RULE_EN, ID_RULE_ZH } from './messages';
import type { CheckCode, DocumentCheck } from './types';

function check(code: CheckCode, ok: boolean, detailZh = '', detailEn = ''): DocumentCheck {
  const [zh, en] = ok ? CHECK_TEXT[code].ok : CHECK_TEXT[code].fail;
  return { code, ok, messageZh: detailZh ? `${zh}：${detailZh}` : zh, messageEn: detailEn ? `${en}: ${detailEn}` : en };
}

/** The checks a teller relies on before accepting a card: the number, its agreement with the card, validity. */
export function idCardChecks(f: IdCardFields, today: Date): DocumentCheck[] {
  const r = validateResidentId(f.idNumber.value, today);
  const out: DocumentCheck[] = [];
  if (r.ok) out.push(check('id.checkDigit', true));
  else {
    const expected = r.expected ? `（应为 ${r.expected}）` : '';
    out.push(check('id.checkDigit', false, `${ID_RULE_ZH[r.rule]}${expected}`, ID_RULE_EN[r.rule] + (r.expected ? ` (expected ${r.expected})` : '')));
  }
  const region = r.ok || (!r.ok && ['birthDate', 'checkDigit'].includes(r.rule));
  out.push(check('id.region', region, region ? '' : f.idNumber.value.slice(0, 6), region ? '' : f.idNumber.value.slice(0, 6)));
  const fromId = f.idNumber.value.length === 18 ? `${f.idNumber.value.slice(6, 10)}-${f.idNumber.value.slice(10, 12)}-${f.idNumber.value.slice(12, 14)}` : '';
  out.push(check('id.birthDateMatches', fromId !== '' && f.birthDate.value === fromId, fromId && f.birthDate.value !== fromId ? `卡面 ${f.birthDate.value || '未识别'}，号码 ${fromId}` : '', fromId && f.birthDate.value !== fromId ? `card ${f.birthDate.value || 'unread'}, number ${fromId}` : ''));
  const sexDigit = Number(f.idNumber.value[16]);
  const sexFromId = Number.isNaN(sexDigit) ? '' : sexDigit % 2 === 1 ? '男' : '女';
  out.push(check('id.sexMatches', sexFromId !== '' && f.sex.value === sexFromId));
  const todayIso = today.toISOString().slice(0, 10);
  const until = f.validUntil.value;
  const valid = until === '长期' || (/^\d{4}-\d{2}-\d{2}$/.test(until) && until >= todayIso);
  out.push(check('id.notExpired', valid, until && !valid ? `有效期至 ${until}` : '', until && !valid ? `valid until ${until}` : ''));
  return out;
}

export function licenceChecks(f: LicenceFields): DocumentCheck[] {
  const r = validateUscc(f.uscc.value);
  if (!r.ok) return [check('licence.uscc', false, f.uscc.value || '未识别', f.uscc.value || 'not read')];
  return [check('licence.uscc', true), check('licence.usccCheckDigit', r.warnings.length === 0)];
}
