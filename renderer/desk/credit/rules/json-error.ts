type T = (key: string, params?: Record<string, string | number>) => string;

/**
 * JSON.parse's own English ("Unexpected end of JSON input", "Expected ',' or '}' after property value in JSON at
 * position 212") as a sentence a risk officer can act on: where the mistake is, in lines and columns, and what to
 * look for.
 */
export function jsonErrorText(json: string, error: unknown, t: T): string {
  const message = error instanceof Error ? error.message : '';
  const pos = /position (\d+)/.exec(message);
  // A mistake found only at the very end is a missing closing bracket or quote.
  if (pos && Number(pos[1]) < json.trimEnd().length) {
    const before = json.slice(0, Number(pos[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return t('credit.ui.rules.jsonAt', { line, column });
  }
  return /end of JSON/i.test(message) || !json.trim() || pos ? t('credit.ui.rules.jsonIncomplete') : t('credit.ui.rules.jsonBad');
}
