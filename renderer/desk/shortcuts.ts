/** Every desk shortcut, for the F1 help overlay; the handlers live with the screens that own the action. */
export interface ShortcutHelp {
  keys: string[];
  labelKey: string;
}

export interface ShortcutGroup {
  titleKey: string;
  items: ShortcutHelp[];
}

export const SHORTCUT_HELP: ShortcutGroup[] = [
  {
    titleKey: 'desk.help.general',
    items: [
      { keys: ['F1', '?'], labelKey: 'desk.shortcut.help' },
      { keys: ['Alt+1…9'], labelKey: 'desk.shortcut.nav' },
      { keys: ['Esc'], labelKey: 'desk.shortcut.close' },
    ],
  },
  {
    titleKey: 'desk.nav.customers',
    items: [
      { keys: ['F2', 'Ctrl+K'], labelKey: 'desk.shortcut.search' },
      { keys: ['↑', '↓', 'Enter'], labelKey: 'desk.shortcut.results' },
      { keys: ['Ctrl+N', 'Alt+N'], labelKey: 'desk.shortcut.newCustomer' },
      { keys: ['Ctrl+E'], labelKey: 'desk.shortcut.edit' },
      { keys: ['Ctrl+S'], labelKey: 'desk.shortcut.save' },
    ],
  },
];
