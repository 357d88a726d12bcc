import * as vscode from 'vscode';
import { describeError } from '../common/describeError';

/** The extension's log: an output channel with levels, shown by the Show Log command. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
  dispose(): void;
}

/** Creates the "Infra Workbench" log output channel. */
export function createLogger(): Logger {
  const channel = vscode.window.createOutputChannel('Infra Workbench', { log: true });
  return {
    info: (message) => {
      channel.info(message);
    },
    warn: (message) => {
      channel.warn(message);
    },
    error: (message, error) => {
      if (error === undefined) {
        channel.error(message);
      } else {
        channel.error(`${message}: ${describeError(error, true)}`);
      }
    },
    show: () => {
      channel.show(true);
    },
    dispose: () => {
      channel.dispose();
    },
  };
}
