/**
 * `npm run -s webhook -- add|list|remove …`: push-only webhook groups (DingTalk, WeCom) from the
 * command line, as a school admin registers them with /webhook in a private chat; the way for a
 * bot with no chat platform at all. USAGE below is what --help prints.
 */
import { systemClock } from '../src/core/clock.ts';
import { closeDatabase, openDatabase, type Db } from '../src/db/client.ts';
import { parseAudience } from '../src/features/basic.ts';
import { GroupService } from '../src/services/groups.ts';
import { WebhookGroupService } from '../src/services/webhook-groups.ts';
import { UnitService } from '../src/services/units.ts';
import { CliError, DATABASE_ENV, resolveUnit, loadToolConfig, parseCommandLine, runTool, usageError, withDatabase } from './cli.ts';

const USAGE = `Usage: npm run -s webhook -- add <class name> <students|staff|parents> <webhook URL> [secret] [--unit <unit id>]
       npm run -s webhook -- list
       npm run -s webhook -- remove <class name>

Push-only class groups: a DingTalk custom robot (https://oapi.dingtalk.com/robot/send?access_token=…,
with its SEC… signing secret when 加签 is on) or a WeCom group robot
(https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…). Tips, articles and alerts are posted
there on the group's schedule; acknowledgements are not counted. URLs are shown masked.
The bot picks up a change at its next tick; \`add\` creates the database if there is none yet.

  --unit <id>  with add: the unit the class belongs to (its alerts and boards); see npm run report -- --list-units
  -h, --help   show this help

${DATABASE_ENV}
Exit status: 0 done, 2 a wrong command line, 1 anything else (e.g. a bad URL, an unknown class).
`;

runTool('webhook', async () => {
  const { positionals, values } = parseCommandLine(USAGE, { allowPositionals: true, options: { unit: { type: 'string' } } });
  const [sub, ...words] = positionals;
  const config = loadToolConfig();
  const run = (use: (webhooks: WebhookGroupService) => string) => (db: Db) =>
    process.stdout.write(use(new WebhookGroupService(db, systemClock, new GroupService(db, systemClock, config))));
  if (sub === 'list' && words.length === 0) {
    await withDatabase(config.DATABASE_PATH, run((w) => w.list().map((r) => `${r.group}  ${r.className}  ${r.kind}  ${r.audience}  ${r.maskedUrl}${r.signed ? '  signed' : ''}\n`).join('') || 'no webhook groups\n'));
  } else if (sub === 'remove' && words.length > 0) {
    const className = words.join(' ');
    await withDatabase(config.DATABASE_PATH, run((w) => {
      if (!w.remove(className)) throw new CliError(`no webhook group named ${JSON.stringify(className)}; see list`);
      return `removed ${className}: its URL and secret are deleted\n`;
    }));
  } else if (sub === 'add' && (words.length === 3 || words.length === 4)) {
    const [className, audienceWord, url, secret] = words as [string, string, string, string?];
    const audience = parseAudience(audienceWord);
    if (!audience) throw usageError(`${JSON.stringify(audienceWord)} is not students, staff or parents`);
    // Opened directly: a deployment whose only groups are webhook groups starts with this command.
    const db = openDatabase(config.DATABASE_PATH);
    try {
      const unit = values.unit === undefined ? undefined : resolveUnit(new UnitService(db, systemClock).list(), values.unit).id;
      run((w) => added(w.add(className, audience, url, secret, unit), className, w))(db);
    } finally {
      closeDatabase(db);
    }
  } else {
    throw usageError('give add <class> <audience> <url> [secret], list, or remove <class>');
  }
});

function added(result: ReturnType<WebhookGroupService['add']>, className: string, w: WebhookGroupService): string {
  if (result.kind === 'bad-url') throw new CliError('not a DingTalk (…/robot/send?access_token=…) or WeCom (…/cgi-bin/webhook/send?key=…) robot URL');
  if (result.kind === 'secret-unused') throw new CliError('a WeCom group robot has no signing secret; leave it out');
  if (result.kind === 'taken') throw new CliError(`${JSON.stringify(className)} already has a webhook group; remove it first`);
  const row = w.list().find((r) => r.group === result.group)!;
  return `added ${result.group} ${className} (${result.robot}): ${row.maskedUrl}\n`;
}
