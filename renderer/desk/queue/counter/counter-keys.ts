/** The counter's buttons, in key order; their keys and help text come from the shortcut table. */
export const KEYS = ['callNext', 'recall', 'start', 'finish', 'noShow', 'transfer', 'pause'] as const;
export type CounterKey = (typeof KEYS)[number];
