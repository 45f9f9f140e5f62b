import { useHotkeys, type HotkeyMap } from './hotkeys';

/**
 * Every desk shortcut, in one table: screens bind their keys through `useShortcuts` by id, and the F1 help lists
 * this table — so a key cannot work without being listed, or be listed without working.
 */
interface Shortcut {
  /** Combos as `useHotkeys` matches them. */
  keys: readonly string[];
  /** How the help shows the keys, when not the combos themselves ("Alt+1…9"). */
  shown?: readonly string[];
  labelKey: string;
  group: 'general' | 'customers' | 'queue' | 'credit' | 'forms';
  /** Keys a component handles in its own onKeyDown (lists, pickers): listed, not bound here. */
  local?: true;
}

export const SHORTCUTS = {
  help: { keys: ['F1', '?'], labelKey: 'desk.shortcut.help', group: 'general' },
  nav: { keys: ['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5', 'Alt+6', 'Alt+7', 'Alt+8', 'Alt+9'], shown: ['Alt+1…9'], labelKey: 'desk.shortcut.nav', group: 'general' },
  close: { keys: ['Esc'], labelKey: 'desk.shortcut.close', group: 'general', local: true },
  search: { keys: ['F2', 'Ctrl+K'], labelKey: 'desk.shortcut.search', group: 'customers' },
  results: { keys: ['↑', '↓', 'Enter'], labelKey: 'desk.shortcut.results', group: 'customers', local: true },
  newCustomer: { keys: ['Ctrl+N', 'Alt+N'], labelKey: 'desk.shortcut.newCustomer', group: 'customers' },
  editCustomer: { keys: ['Ctrl+E'], labelKey: 'desk.shortcut.edit', group: 'customers' },
  save: { keys: ['Ctrl+S'], labelKey: 'desk.shortcut.save', group: 'forms' },
  nextField: { keys: ['Enter'], labelKey: 'desk.shortcut.nextField', group: 'forms', local: true },
  callNext: { keys: ['F5'], labelKey: 'queue.ui.callNext', group: 'queue' },
  recall: { keys: ['F6'], labelKey: 'queue.ui.recall', group: 'queue' },
  start: { keys: ['F7'], labelKey: 'queue.ui.start', group: 'queue' },
  finish: { keys: ['F8'], labelKey: 'queue.ui.finish', group: 'queue' },
  noShow: { keys: ['F9'], labelKey: 'queue.ui.noShow', group: 'queue' },
  transfer: { keys: ['F10'], labelKey: 'queue.ui.transfer', group: 'queue' },
  pause: { keys: ['F11'], labelKey: 'desk.shortcut.pause', group: 'queue' },
  apply: { keys: ['Alt+L', 'Ctrl+L'], labelKey: 'desk.shortcut.apply', group: 'credit' },
  pickProduct: { keys: ['1…7', '↑', '↓', 'Enter'], labelKey: 'desk.shortcut.pickProduct', group: 'credit', local: true },
  nextStep: { keys: ['Ctrl+Enter'], labelKey: 'desk.shortcut.nextStep', group: 'credit' },
  bureauClean: { keys: ['Alt+Z'], labelKey: 'desk.shortcut.bureauClean', group: 'credit' },
  queueList: { keys: ['↑', '↓', 'Enter'], labelKey: 'desk.shortcut.queueList', group: 'credit', local: true },
} as const satisfies Record<string, Shortcut>;

export type ShortcutId = keyof typeof SHORTCUTS;
type BindableId = { [K in ShortcutId]: (typeof SHORTCUTS)[K] extends { local: true } ? never : K }[ShortcutId];

export const SHORTCUT_GROUPS = ['general', 'customers', 'queue', 'credit', 'forms'] as const;
export const GROUP_TITLE: Record<(typeof SHORTCUT_GROUPS)[number], string> = {
  general: 'desk.help.general',
  customers: 'desk.nav.customers',
  queue: 'desk.nav.queue',
  credit: 'desk.help.credit',
  forms: 'desk.help.forms',
};

/** The keys the help shows for a shortcut, and the one label screens print on their buttons (`<kbd>`). */
export const shownKeys = (id: ShortcutId): readonly string[] => ('shown' in SHORTCUTS[id] ? SHORTCUTS[id].shown : SHORTCUTS[id].keys) as readonly string[];
export const keyLabel = (id: ShortcutId): string => shownKeys(id)[0]!;

/** Binds shortcuts by id from the table; `nav` gets its index (0 for Alt+1) as the second argument. */
export function useShortcuts(handlers: Partial<Record<BindableId, (e: KeyboardEvent, index: number) => void>>, enabled = true): void {
  const map: HotkeyMap = {};
  for (const [id, run] of Object.entries(handlers) as [BindableId, (e: KeyboardEvent, index: number) => void][]) {
    SHORTCUTS[id].keys.forEach((combo, index) => {
      map[combo] = (e) => run(e, index);
    });
  }
  useHotkeys(map, enabled);
}
