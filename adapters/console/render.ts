import type { Button, RichMessage } from '../../src/core/message.ts';
import { toPlainText } from '../../src/core/message.ts';

/** Console output is plain text: the title in 【】, the body, then numbered buttons. */
export function renderPlain(message: RichMessage, numberOf: (button: Button) => number): string {
  const { title, ...rest } = message;
  const lines = [title ? `【${title}】` : undefined, toPlainText(rest)].filter((l): l is string => Boolean(l));
  for (const row of message.buttons ?? []) lines.push(row.map((button) => `[${numberOf(button)}] ${button.label}`).join('  '));
  return lines.join('\n');
}
