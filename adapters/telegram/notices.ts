import type { Inline, RichMessage } from '../../src/core/message.ts';
import { defineMessages } from '../../src/i18n/index.ts';

const t = defineMessages({
  'zh-CN': {
    openPrivateChat: '🔒 这条内容只能私下发给你，但你还没有私聊过我。请点击 {link} 打开私聊并按“开始”，然后再试一次。',
    needAdmin: '提示：请把我设为群管理员（不需要任何额外权限），我才能看到成员加入和退出。',
  },
  en: {
    openPrivateChat: '🔒 This is for you alone, but you have not opened a private chat with me yet. Open {link}, press Start, then try again.',
    needAdmin: 'Tip: make me a group admin (no extra rights needed) so that I can see members join and leave.',
  },
});

/**
 * The adapter's own notices, Chinese then English: they are posted in the group for everyone,
 * and the adapter does not know the group's language.
 */
function bilingual(key: Parameters<typeof t>[1], params: Record<string, string> = {}, lead: Inline[] = []): RichMessage {
  return { blocks: [{ kind: 'paragraph', spans: [...lead, t('zh-CN', key, params)] }, { kind: 'paragraph', spans: [t('en', key, params)] }] };
}

/**
 * Posted in the group when a private message could not reach a member who never started the
 * bot. Without a message of theirs to reply to, a mention (an icon, not their name) tells them.
 */
export function openPrivateChatNotice(link: string, mention?: number): RichMessage {
  return bilingual('openPrivateChat', { link }, mention === undefined ? [] : [{ text: '👤', href: `tg://user?id=${mention}` }, ' ']);
}

/** Posted once when the bot is in a group without admin rights. */
export function needAdminNotice(): RichMessage {
  return bilingual('needAdmin');
}
