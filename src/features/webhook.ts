import type { AppContext } from '../app.ts';
import { UserError } from '../core/errors.ts';
import { defineMessages } from '../i18n/index.ts';
import type { WebhookGroupListing } from '../services/webhook-groups.ts';
import { audienceName, parseAudience } from './basic.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    usage: '用法：\n/webhook add <班级名> <学生|教职工|家长> <webhook地址> [加签密钥] [单位ID]\n/webhook list\n/webhook remove <班级名>\n钉钉机器人开启“加签”时请附上 SEC 开头的密钥；企业微信群机器人没有密钥。',
    privateOnly: 'webhook 地址和密钥是机器人的凭据，请在与我的私聊中发送 /webhook，不要发在群里。',
    adminOnly: '只有学校管理员可以登记推送群。',
    badAudience: '“{word}”不是可选的对象，请写 学生、教职工 或 家长。',
    badUrl: '这不是钉钉自定义机器人（…/robot/send?access_token=…）或企业微信群机器人（…/cgi-bin/webhook/send?key=…）的 webhook 地址。',
    secretUnused: '企业微信群机器人没有加签密钥，请去掉最后的密钥再发送。',
    taken: '“{className}”已登记了推送群；先 /webhook remove {className} 再重新登记。',
    added: '已登记推送群 {className}（{robot}，对象：{audience}）：{url}。提示、文章和预警将按计划推送；推送群不统计已阅。',
    removed: '已删除 {className} 的推送群机器人，地址和密钥已从数据库删除。',
    notFound: '没有名为“{className}”的推送群。',
    none: '还没有推送群。',
    listTitle: '推送群（钉钉、企业微信）：',
    listLine: '{className} · {robot} · {audience} · {url}{signed}',
    signed: ' · 已加签',
    dingtalk: '钉钉',
    wecom: '企业微信',
  },
  en: {
    usage: 'Usage:\n/webhook add <class name> <students|staff|parents> <webhook URL> [signing secret] [unit id]\n/webhook list\n/webhook remove <class name>\nA DingTalk robot with signing (加签) needs its SEC… secret; a WeCom group robot has none.',
    privateOnly: 'Webhook URLs and secrets are the robot\'s credentials: send /webhook in a private chat with me, not in a group.',
    adminOnly: 'Only school admins can register push-only groups.',
    badAudience: '"{word}" is not an audience; use students, staff or parents.',
    badUrl: 'That is not a DingTalk custom robot (…/robot/send?access_token=…) or WeCom group robot (…/cgi-bin/webhook/send?key=…) webhook URL.',
    secretUnused: 'A WeCom group robot has no signing secret: send it again without the secret.',
    taken: '"{className}" already has a push-only group; /webhook remove {className} first.',
    added: 'Registered the push-only group {className} ({robot}, audience: {audience}): {url}. Tips, articles and alerts go there on schedule; acknowledgements are not counted there.',
    removed: 'Removed the robot of {className}: its URL and secret are deleted.',
    notFound: 'There is no push-only group named "{className}".',
    none: 'No push-only groups yet.',
    listTitle: 'Push-only groups (DingTalk, WeCom):',
    listLine: '{className} · {robot} · {audience} · {url}{signed}',
    signed: ' · signed',
    dingtalk: 'DingTalk',
    wecom: 'WeCom',
  },
});

function listing(ctx: AppContext, rows: WebhookGroupListing[]): string {
  if (rows.length === 0) return t(ctx.locale, 'none');
  const line = (r: WebhookGroupListing) =>
    t(ctx.locale, 'listLine', { className: r.className, robot: t(ctx.locale, r.kind), audience: audienceName(ctx.locale, r.audience), url: r.maskedUrl, signed: r.signed ? t(ctx.locale, 'signed') : '' });
  return [t(ctx.locale, 'listTitle'), ...rows.map(line)].join('\n');
}

function add(ctx: AppContext, words: string[]): string {
  // The class name may have spaces: the audience word, the URL and the secret are the last ones.
  const urlAt = words.findIndex((w) => /^https?:\/\//i.test(w));
  if (urlAt < 2 || words.length > urlAt + 3) throw new UserError(t(ctx.locale, 'usage'));
  // After the URL: a word naming a unit puts the class in it (for alerts and boards); another is the secret.
  const after = words.slice(urlAt + 1);
  const unit = after.find((w) => ctx.services.units.get(w));
  const secrets = after.filter((w) => w !== unit);
  if (secrets.length > 1) throw new UserError(t(ctx.locale, 'usage'));
  const audienceWord = words[urlAt - 1]!;
  const audience = parseAudience(audienceWord);
  if (!audience) throw new UserError(t(ctx.locale, 'badAudience', { word: audienceWord }));
  const className = words.slice(0, urlAt - 1).join(' ').slice(0, 64);
  const result = ctx.services.webhooks.add(className, audience, words[urlAt]!, secrets[0], unit);
  if (result.kind === 'bad-url') throw new UserError(t(ctx.locale, 'badUrl'));
  if (result.kind === 'secret-unused') throw new UserError(t(ctx.locale, 'secretUnused'));
  if (result.kind === 'taken') throw new UserError(t(ctx.locale, 'taken', { className }));
  const url = ctx.services.webhooks.list().find((r) => r.group === result.group)!.maskedUrl;
  return t(ctx.locale, 'added', { className, robot: t(ctx.locale, result.robot), audience: audienceName(ctx.locale, audience), url });
}

/** /webhook: a school admin registers, lists and removes push-only DingTalk and WeCom groups. */
export const webhook: Feature = {
  name: 'webhook',
  commands: [
    {
      name: 'webhook',
      scope: 'admin',
      chats: 'private',
      description: { zh: '登记钉钉/企业微信推送群（群机器人 webhook）', en: 'Register push-only DingTalk/WeCom groups (robot webhooks)' },
      usage: { zh: 'add <班级名> <对象> <地址> [密钥] [单位ID] | list | remove <班级名>', en: 'add <class> <audience> <URL> [secret] [unit] | list | remove <class>' },
    },
  ],
  install(composer, app) {
    composer.command('webhook', async (ctx) => {
      if (!ctx.from || !app.config.ADMIN_IDS.includes(ctx.from.id)) throw new UserError(t(ctx.locale, 'adminOnly'));
      if (!ctx.isPrivate) throw new UserError(t(ctx.locale, 'privateOnly'));
      const [sub, ...words] = ctx.event.args.split(/\s+/).filter(Boolean);
      if (sub === 'list') return void (await ctx.reply(listing(ctx, app.webhooks.list())));
      if (sub === 'add') return void (await ctx.reply(add(ctx, words)));
      if (sub === 'remove' && words.length > 0) {
        const className = words.join(' ');
        return void (await ctx.reply(t(ctx.locale, app.webhooks.remove(className) ? 'removed' : 'notFound', { className })));
      }
      throw new UserError(t(ctx.locale, 'usage'));
    });
  },
};
