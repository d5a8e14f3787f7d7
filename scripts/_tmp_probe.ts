import { createTriageFromDir } from '../src/triage/index.ts';
const t = createTriageFromDir('content');
for (const s of ['兼职刷.单，日结，先垫付本金，做完返佣金，加威信 abc12345',
 '您好，这里是市公安局，您涉嫌洗钱，请将资金转入安全賬戶配合资金核查，不要告诉家人',
 '【XX银行】验证码 123456，您正在转账，请勿泄露给任何人。',
 '您的快递丢失，客服将为您理赔，请把收到的验证码发给我，并下载会议软件开启屏幕共享',
 '点击 http://icbc-vip.top/login 登录，或访问 www.a1ipay.com 、 http://1.2.3.4/x ， xn--fiqs8s.com，t.cn/A6abc',
 '转入 6222 0000 0000 0000 或 6222****1234，联系+852 6123 4567，QQ：12345678',
 '', '😀😀😀', 'http://xx.example/abc', '\u0000\u0001\ud800abc\udfff']) {
  const r = t(s);
  console.log(JSON.stringify({risk:r.risk,type:r.type,score:r.score,flags:r.flags.map(f=>`${f.label}:${f.phrase}${f.rule?'/'+f.rule:''}`),mit:r.mitigations.map(m=>m.label), links:r.entities.links.map(l=>[l.text,l.flags,l.lookalikeOf]), phones:r.entities.phones, qq:r.entities.qq, wx:r.entities.wechat, cards:r.entities.bankCards, code:r.entities.codeRequests, sim:r.similar}));
}
