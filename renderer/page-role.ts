export const PAGE_ROLES = ['desk', 'kiosk', 'hall', 'tablet'] as const;
export type PageRole = (typeof PAGE_ROLES)[number];

/** `?role=kiosk` picks the page; anything else (or nothing) is the staff desk. */
export function pageRole(search: string): PageRole {
  const role = new URLSearchParams(search).get('role');
  return (PAGE_ROLES as readonly string[]).includes(role ?? '') ? (role as PageRole) : 'desk';
}
