/**
 * `npm run -s triage`: the triage engine on messages from the command line or stdin.
 * USAGE below is what --help prints; scripts/cli.ts has what the tools share.
 */
import { createInterface } from 'node:readline';
import { createTriageFromDir, type TriageResult } from '../src/triage/index.ts';
import { contentDirFromEnv, ENV_NOTE, loadContent, parseCommandLine, runTool, usageError } from './cli.ts';

const USAGE = `Usage: npm run -s triage -- [--text <message> | --jsonl]

Triages suspicious messages as the bot does (offline): risk, fraud type, score and the flags.
Only results go to stdout; diagnostics go to stderr.

  (no option)       reads the whole of stdin as one message, prints the full result as JSON
  --text <message>  triages this message, prints the full result as JSON
  --jsonl           reads {"id","text"} lines on stdin and writes one line per input:
                    {"id","risk","type","score","flags"} (flags: "label: phrase"); a malformed
                    line gets {"id","error"}; blank lines are skipped
  -h, --help        show this help

Examples:
  npm run -s triage -- --text "兼职刷单，先垫付本金，日结返利"
  npm run -s triage -- --jsonl < messages.jsonl > results.jsonl

Environment:
  CONTENT_DIR  the content library whose triage/ folder holds the patterns (default: the project's content/)
  ${ENV_NOTE}
Exit status: 0 done, 2 a wrong command line, 1 anything else (e.g. broken content).
`;

function compact(id: unknown, r: TriageResult) {
  return {
    id,
    risk: r.risk,
    type: r.type,
    score: r.score,
    flags: r.flags.map((f) => `${f.label}: ${f.phrase}`),
    ...(r.analysed.truncated ? { truncated: true } : {}),
  };
}

async function jsonl(triage: (text: string) => TriageResult): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let errors = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    let out: unknown;
    try {
      const v: unknown = JSON.parse(line);
      const o = (v !== null && typeof v === 'object' ? v : {}) as { id?: unknown; text?: unknown };
      const id = o.id ?? null;
      if (typeof o.text !== 'string') {
        out = { id, error: 'missing "text" string' };
        errors++;
      } else {
        out = compact(id, triage(o.text));
      }
    } catch {
      out = { id: null, error: `line ${lineNo}: not valid JSON` };
      errors++;
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  if (errors > 0) process.stderr.write(`triage: ${errors} malformed line(s)\n`);
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runTool('triage', async () => {
  const { values } = parseCommandLine(USAGE, { options: { text: { type: 'string' }, jsonl: { type: 'boolean' } } });
  if (values.jsonl && values.text !== undefined) throw usageError('give --text or --jsonl, not both');
  const triage = loadContent(contentDirFromEnv(), createTriageFromDir);
  if (values.jsonl) return jsonl(triage);
  const text = values.text ?? (await readAll());
  process.stdout.write(`${JSON.stringify(triage(text), null, 2)}\n`);
});
