import { runShell } from './shell';

// The entry point electron-builder starts (package.json "main" → dist/main/electron/main.js).
void runShell();
