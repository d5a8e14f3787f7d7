/** Numbered reply codes stand in for buttons where a platform has none (docs/design.md, Buttons on platforms without buttons). */
import { describe, expect, it } from 'vitest';
import { ButtonCodes } from '../adapters/console/button-numbers.ts';
import { ChatReplyCodes, replyCodeLines } from '../src/core/chat-reply-codes.ts';
import type { Chat } from '../src/core/events.ts';
import { groupId, memberId } from '../src/core/ids.ts';

const classA: Chat = { id: groupId('console', '软件2301'), kind: 'group' };
const classB: Chat = { id: groupId('console', '网安2302'), kind: 'group' };
const zhang = { id: memberId('console', '张三'), name: '张三' };

describe('button codes', () => {
  it('turns a numbered reply into the press of that button, with its token, chat and message', () => {
    const codes = new ButtonCodes('console');
    const ack = codes.number({ label: '已阅 ✅', token: 'ack:7' }, classA, '41');
    const quiz = codes.number({ label: 'B', token: 'qz:3:1' }, classB, '42');
    expect([ack, quiz]).toEqual([1, 2]);
    expect(codes.press(` ${quiz} `, zhang)).toEqual({ type: 'button', platform: 'console', chat: classB, from: zhang, token: 'qz:3:1', messageId: '42' });
  });

  it('presses nothing for text or unknown numbers', () => {
    const codes = new ButtonCodes('console');
    const ack = codes.number({ label: '已阅 ✅', token: 'ack:7' }, classA, '41');
    expect(codes.press('已阅', zhang)).toBeUndefined();
    expect(codes.press('99', zhang)).toBeUndefined();
    expect(codes.press('1'.repeat(40), zhang)).toBeUndefined();
    expect(codes.press(String(ack), zhang)).toMatchObject({ token: 'ack:7' });
  });

  it('forgets the oldest codes beyond its capacity, so memory stays bounded', () => {
    const codes = new ButtonCodes('console', 3);
    const numbers = [1, 2, 3, 4].map((n) => codes.number({ label: String(n), token: `ack:${n}` }, classA, String(n)));
    expect(codes.press(String(numbers[0]), zhang)).toBeUndefined();
    expect(numbers.slice(1).map((n) => codes.press(String(n), zhang)?.token)).toEqual(['ack:2', 'ack:3', 'ack:4']);
  });
});

describe('per-chat reply codes (platforms without buttons)', () => {
  const tip = (id: number) => ({ blocks: [], buttons: [[{ label: '已阅 ✅', token: `ack:${id}`, reactable: true }]] });
  const quiz = { blocks: [], buttons: [['A', 'B', 'C', 'D'].map((l, i) => ({ label: l, token: `qz:${i}`, code: l }))] };

  it('shows codes as lines: by place from 1, or the letters in one line when they are the labels', () => {
    expect(replyCodeLines(tip(1))).toEqual(['回复 1 已阅 ✅']);
    expect(replyCodeLines(quiz)).toEqual(['回复 A/B/C/D']);
    expect(replyCodeLines({ blocks: [], buttons: [[{ label: '甲', token: 'a' }], [{ label: '乙', token: 'b' }]] })).toEqual(['回复 1 甲', '回复 2 乙']);
    expect(replyCodeLines({ blocks: [] })).toEqual([]);
  });

  it('a bare code presses the latest message in that chat with that code; a quote-reply picks the quoted one', () => {
    const codes = new ChatReplyCodes('onebot');
    codes.shown(tip(1), classA, '100');
    codes.shown(quiz, classA, '101');
    codes.shown(tip(2), classA, '102');
    expect(codes.press('1', zhang, classA)).toMatchObject({ token: 'ack:2', messageId: '102' });
    expect(codes.press('回复 1', zhang, classA)).toMatchObject({ token: 'ack:2' });
    expect(codes.press('b', zhang, classA)).toMatchObject({ token: 'qz:1', messageId: '101' });
    expect(codes.press('1', zhang, classA, '100')).toMatchObject({ token: 'ack:1', messageId: '100' });
    // A quote-reply to a message without that code presses nothing, rather than another message.
    expect(codes.press('1', zhang, classA, '101')).toBeUndefined();
    expect(codes.press('1 好的', zhang, classA)).toBeUndefined();
    expect(codes.press('1', zhang, classB)).toBeUndefined();
  });

  it('a reaction presses only a reactable button; the oldest messages are forgotten past the capacity', () => {
    const codes = new ChatReplyCodes('onebot', 2);
    codes.shown(tip(1), classA, '100');
    codes.shown(quiz, classA, '101');
    expect(codes.react(zhang, classA, '101')).toBeUndefined();
    expect(codes.react(zhang, classA, '100')).toMatchObject({ token: 'ack:1' });
    codes.shown(tip(3), classB, '200');
    expect(codes.react(zhang, classA, '100')).toBeUndefined();
    expect(codes.press('1', zhang, classA)).toBeUndefined();
    expect(codes.press('a', zhang, classA)).toMatchObject({ token: 'qz:0' });
  });
});
