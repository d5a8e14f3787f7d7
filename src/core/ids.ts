/**
 * Every id is namespaced by platform (`telegram:-1001234`, `discord:1122…`, `console:软件2301`)
 * so one database can hold several platforms, and ADMIN_IDS can use the same form. On OneBot (QQ)
 * a group's number and a member's can be equal, so groups are `onebot:group:123` and members
 * (and their private chats) `onebot:123`. DingTalk does the same: `dingtalk:group:<conversationId>`
 * for a group, `dingtalk:<staffId>` for a member.
 */
export const PLATFORMS = ['telegram', 'discord', 'onebot', 'qq', 'dingtalk', 'console', 'test', 'webhook'] as const;
export type Platform = (typeof PLATFORMS)[number];

declare const groupBrand: unique symbol;
declare const memberBrand: unique symbol;
/** One chat: a class group (or, for private chats, the member's own DM channel). */
export type GroupId = string & { readonly [groupBrand]: true };
/** One person on one platform. The display name is data, not identity. */
export type MemberId = string & { readonly [memberBrand]: true };

export function groupId(platform: Platform, raw: string | number | bigint): GroupId {
  return `${platform}:${String(raw)}` as GroupId;
}

export function memberId(platform: Platform, raw: string | number | bigint): MemberId {
  return `${platform}:${String(raw)}` as MemberId;
}

/** Splits a namespaced id into its platform and the platform's own id. */
export function splitId(id: string): { platform: Platform; raw: string } {
  const i = id.indexOf(':');
  const platform = id.slice(0, i) as Platform;
  if (i <= 0 || !PLATFORMS.includes(platform)) throw new Error(`not a namespaced id: ${id}`);
  return { platform, raw: id.slice(i + 1) };
}

export function isNamespacedId(id: string): boolean {
  const i = id.indexOf(':');
  return i > 0 && i < id.length - 1 && PLATFORMS.includes(id.slice(0, i) as Platform);
}
