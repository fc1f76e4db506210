// A Transcript that buffers a test's output (and echoes it for -d), framed by the runner's first and last lines.

import type { Transcript } from '../test-api.ts';

export class BufferTranscript implements Transcript {
  private readonly parts: string[] = [];

  constructor(private readonly echo?: (text: string) => void) {}

  write(text: string): void {
    this.parts.push(text);
    this.echo?.(text);
  }

  text(): string {
    return this.parts.join('');
  }
}

/** The golden's first line, written by the runner before run(). */
export function openingLine(test: string): string {
  return `QA output created by ${test}\n`;
}

/** The golden's last line, written by the runner after run() returns normally. */
export const CLOSING_LINE = '*** done\n';
