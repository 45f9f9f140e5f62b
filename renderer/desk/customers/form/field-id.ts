/** The DOM id of a form field by its issue path ("shareholders.0.name" → "cf-shareholders-0-name"), so messages and focus can find it. */
export const fieldDomId = (path: string) => `cf-${path.replace(/\./g, '-')}`;
