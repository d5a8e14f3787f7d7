/** Numbered reply codes stand in for buttons where a platform has none (docs/design.md, Buttons on platforms without buttons). */
import { describe, expect, it } from 'vitest';
import { ButtonCodes } from '../src/core/button-codes.ts';
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

  it('presses nothing for text, unknown numbers, or a button shown in another chat when the chat is given', () => {
    const codes = new ButtonCodes('console');
    const ack = codes.number({ label: '已阅 ✅', token: 'ack:7' }, classA, '41');
    expect(codes.press('已阅', zhang)).toBeUndefined();
    expect(codes.press('99', zhang)).toBeUndefined();
    expect(codes.press('1'.repeat(40), zhang)).toBeUndefined();
    expect(codes.press(String(ack), zhang, classB.id)).toBeUndefined();
    expect(codes.press(String(ack), zhang, classA.id)).toMatchObject({ token: 'ack:7' });
  });

  it('forgets the oldest codes beyond its capacity, so memory stays bounded', () => {
    const codes = new ButtonCodes('console', 3);
    const numbers = [1, 2, 3, 4].map((n) => codes.number({ label: String(n), token: `ack:${n}` }, classA, String(n)));
    expect(codes.press(String(numbers[0]), zhang)).toBeUndefined();
    expect(numbers.slice(1).map((n) => codes.press(String(n), zhang)?.token)).toEqual(['ack:2', 'ack:3', 'ack:4']);
  });
});
