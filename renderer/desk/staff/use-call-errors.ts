import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../api/client';
import { errorText, fieldErrorText } from '../labels';

/**
 * Errors of one form, by field path, from a failed call: field errors go beside their field, anything else to
 * `form`. Messages are translated from the core's keys so English screens stay English.
 */
export function useCallErrors() {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  return {
    errors,
    set: setErrors,
    clear: () => setErrors({}),
    from(e: unknown) {
      if (e instanceof ApiCallError && e.body.fields?.length) setErrors(Object.fromEntries(e.body.fields.map((f) => [f.path, fieldErrorText(f, t)])));
      else setErrors({ form: errorText(e, t) });
    },
  };
}
