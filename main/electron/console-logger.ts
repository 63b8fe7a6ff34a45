/** The shell's diagnostics logger: stderr, every line redacted first (security.md item 38). */
import { redactFields, redactText } from '../core/log/redact.ts';
import type { LoggerPort } from '../core/ports.ts';

export function createConsoleLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): LoggerPort {
  const log =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const extra = fields === undefined ? '' : ` ${JSON.stringify(redactFields(fields))}`;
      write(`[storelink] ${level} ${redactText(message)}${extra}`);
    };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
