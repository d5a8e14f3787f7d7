import { text, type RichMessage } from '../../src/core/message.ts';
import { defineMessages } from '../../src/i18n/index.ts';

const t = defineMessages({
  'zh-CN': {
    missingPermissions:
      '⚠️ 我在服务器「{guild}」的频道 #{channel} 里没有发言权限，已暂停向该频道推送。请在频道设置里给我“查看频道”“发送消息”“嵌入链接”“附加文件”权限，权限恢复后推送会自动继续。',
  },
  en: {
    missingPermissions:
      '⚠️ I may not post in #{channel} on “{guild}”, so posting there is paused. Give me View Channel, Send Messages, Embed Links and Attach Files in that channel; posting resumes once they are back.',
  },
});

/** Sent privately to the server owner, in both languages: the adapter does not know theirs. */
export function missingPermissionsNotice(guild: string, channel: string): RichMessage {
  return text(t('zh-CN', 'missingPermissions', { guild, channel }), t('en', 'missingPermissions', { guild, channel }));
}
