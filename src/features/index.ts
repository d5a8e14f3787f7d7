import { basic, unknownCommand } from './basic.ts';
import { campaign } from './campaign.ts';
import { duties } from './duties.ts';
import { quiz } from './quiz.ts';
import { report } from './report.ts';
import type { Feature } from './feature.ts';
import { roster } from './roster.ts';
import { triage } from './triage.ts';
import { web } from './web.ts';
import { webhook } from './webhook.ts';

/** The features in chain order: the roster first, the unknown-command hint last. */
export const FEATURES: Feature[] = [roster, basic, campaign, quiz, report, triage, duties, webhook, web, unknownCommand];
