/** The Discord encoder on its own: Markdown, limits and components, no network. */
import { describe, expect, it } from 'vitest';
import { applicationCommands, menuCommands } from '../adapters/discord/commands.ts';
import { components, encode, renderMarkdown } from '../adapters/discord/encode.ts';
import { b, list, p, type RichMessage } from '../src/core/message.ts';

describe('Discord encoder', () => {
  it('escapes Markdown in text spans and renders bold, code, links without previews, quotes and lists', () => {
    const message: RichMessage = {
      blocks: [
        p('**不是粗体** _也不是_ ', b('粗体'), ' ', { text: 'a`b', code: true }, ' ', { text: '官网', href: 'https://example.invalid/x' }),
        { kind: 'quote', spans: ['第一行\n第二行'] },
        list([['甲'], ['乙']], true),
      ],
    };
    expect(renderMarkdown(message)).toEqual(['\\*\\*不是粗体\\*\\* \\_也不是\\_ **粗体** `aˋb` [官网](<https://example.invalid/x>)\n\n> 第一行\n> 第二行\n\n1. 甲\n2. 乙']);
  });

  it('cuts a block longer than the limit, never inside a surrogate pair', () => {
    const parts = renderMarkdown({ blocks: [p('😀'.repeat(1500))] });
    expect(parts.every((part) => part.length <= 2000)).toBe(true);
    expect(parts.join('')).toBe('😀'.repeat(1500));
  });

  it('wraps a row of more than five buttons; more than five rows is an error', () => {
    const row = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `${i}`, token: `t:${i}` }));
    expect(components({ blocks: [], buttons: [row(7)] }).map((r) => r.components.length)).toEqual([5, 2]);
    expect(() => components({ blocks: [], buttons: [row(26)] })).toThrow(/rows/);
  });

  it('a titled message is an embed with the footer; a plain one content with the footer in italics; mentions are off', () => {
    const [titled] = encode({ title: '每周文章', blocks: [p('正文')], footer: '来源：公安部' });
    expect(titled).toMatchObject({ content: '', embeds: [{ title: '每周文章', description: '正文', footer: { text: '来源：公安部' } }], allowedMentions: { parse: [] } });
    const [plain] = encode({ blocks: [p('正文')], footer: '已阅 3 人' });
    expect(plain).toMatchObject({ content: '正文\n\n*已阅 3 人*', embeds: [], allowedMentions: { parse: [] } });
  });

  it('application commands: localized descriptions cut to 100 characters, private-only commands only globally', () => {
    const specs = [
      { name: 'setup', scope: 'advisor' as const, chats: 'group' as const, description: { zh: '登'.repeat(120), en: 'Register' } },
      { name: 'exam', scope: 'everyone' as const, chats: 'private' as const, description: { zh: '测试', en: 'Test' } },
      { name: 'Bad Name', scope: 'everyone' as const, chats: 'any' as const, description: { zh: '坏', en: 'bad' } },
    ];
    const guild = applicationCommands({ commands: specs, affordances: [] }, 'guild');
    expect(guild.map((c) => c.name)).toEqual(['setup']);
    expect((guild[0] as { description: string }).description).toHaveLength(100);
    expect(applicationCommands({ commands: specs, affordances: [] }, 'global').map((c) => c.name)).toEqual(['setup', 'exam']);
  });

  it('offers a message menu for each message-menu affordance, named in both languages, and maps it back to its command', () => {
    const catalogue = {
      commands: [],
      affordances: [
        { kind: 'message-menu' as const, command: 'check', label: { zh: '检查可疑消息', en: 'Check suspicious message' } },
        { kind: 'message-menu' as const, command: 'report_it', label: { zh: '举报', en: 'A label far longer than the thirty-two characters Discord allows' } },
        { kind: 'reply-code' as const, command: 'check', codes: ['查'] },
      ],
    };
    const menus = applicationCommands(catalogue, 'global');
    expect(menus).toEqual([
      expect.objectContaining({ type: 3, name: '检查可疑消息', name_localizations: expect.objectContaining({ 'en-US': 'Check suspicious message' }) }),
      expect.objectContaining({ type: 3, name: '举报', name_localizations: expect.objectContaining({ 'en-US': 'A label far longer than the thir' }) }),
    ]);
    const byName = menuCommands(catalogue);
    expect([...byName]).toEqual([
      ['检查可疑消息', 'check'],
      ['Check suspicious message', 'check'],
      ['举报', 'report_it'],
      ['A label far longer than the thir', 'report_it'],
    ]);
  });
});
