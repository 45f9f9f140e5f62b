import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../../main/core/credit/credit.contract';
import { api, ApiCallError } from '../../../api/client';
import { errorText, fieldErrorText } from '../../labels';
import { factsToText, screenField, type FieldErrors } from './fact-text';
import type { ApplicationDraft } from './useApplicationDraft';

interface Args {
  app: ApplicationView;
  onChange(a: ApplicationView): void;
  draft: ApplicationDraft;
}

/** Saves the draft, submits it (saved first), imports a merchant's flows file (saved first); one at a time. */
export function useApplicationSave({ app, onChange, draft }: Args) {
  const { t } = useTranslation();
  const { patch, fail, setCollected, setText, setStatus, setFieldErrors } = draft;
  const [busy, setBusy] = useState<null | 'save' | 'submit' | 'import'>(null);

  const failWith = (e: unknown) => {
    if (e instanceof ApiCallError && e.body.fields?.length) {
      const fields: FieldErrors = {};
      for (const f of e.body.fields) fields[screenField(f.path)] ??= fieldErrorText(f, t);
      fail(errorText(e, t), fields);
    } else fail(errorText(e, t));
  };

  async function save(): Promise<ApplicationView | null> {
    const p = patch();
    if (!p) return null;
    setBusy('save');
    setStatus(null);
    try {
      const next = await api.call('loans.update', { id: app.id, rev: app.rev, patch: p });
      onChange(next);
      setText(factsToText(next.facts));
      setFieldErrors({});
      setStatus({ kind: 'notice', text: t('credit.ui.draftSaved') });
      return next;
    } catch (e) {
      failWith(e);
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function submit() {
    const saved = await save();
    if (!saved) return;
    setBusy('submit');
    setStatus(null);
    try {
      onChange(await api.call('loans.submit', { id: saved.id, rev: saved.rev }));
    } catch (e) {
      failWith(e);
    } finally {
      setBusy(null);
    }
  }

  async function importFlows(file: File) {
    const saved = await save();
    if (!saved) return;
    setBusy('import');
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const next = await api.call('loans.importFlows', { id: saved.id, rev: saved.rev, fileName: file.name, contentBase64: btoa(bin) });
      onChange(next);
      setCollected(new Set(next.collectedData));
      setText(factsToText(next.facts));
      setStatus({ kind: 'notice', text: t('credit.ui.flowsImported', { rows: String(next.flows?.rows ?? 0) }) });
    } catch (e) {
      failWith(e);
    } finally {
      setBusy(null);
    }
  }

  return { busy, save, submit, importFlows };
}
