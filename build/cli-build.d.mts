export const CLI_DIR: string;
export const CLI_ENTRY: string;
export function changedSince(meta: { startedAt: number; inputs: string[] }, base?: string): string | null;
export function cliStaleReason(): string | null;
export function buildCli(): Promise<{ ms: number; files: number }>;
export function ensureCliBuilt(): Promise<string>;
