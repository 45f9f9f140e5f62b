import { appendFile, mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, dialog } from 'electron';

type Level = 'info' | 'warn' | 'error';

let logFile: string | null = null;

/** From now on every line also goes to `<userData>/logs/shell.log`. */
export function logToFolder(userData: string): void {
  mkdirSync(path.join(userData, 'logs'), { recursive: true });
  logFile = path.join(userData, 'logs', 'shell.log');
}

export function log(level: Level, message: string, detail?: unknown): void {
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${detail === undefined ? '' : ` ${String(detail)}`}`;
  console[level](line);
  // Branch PCs have no console; IT reads this file when a counter reports a problem.
  if (logFile) appendFile(logFile, `${line}\n`, () => {});
}

/** Shows the error to whoever sits at the PC and ends the app. */
export function fatal(title: string, body: string): void {
  log('error', `${title}: ${body}`);
  dialog.showErrorBox(title, body);
  app.exit(1);
}
