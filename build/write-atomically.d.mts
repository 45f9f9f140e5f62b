export function writeAtomically(path: string, contents: string | Uint8Array): void;
