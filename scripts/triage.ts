/**
 * npm run -s triage -- --jsonl   reads {"id","text"} lines on stdin, writes one line per input:
 *                                {"id","risk","type","score","flags"} (flags: "label: phrase").
 *                                A malformed line gets {"id","error"}; blank lines are skipped.
 * npm run -s triage              reads the whole of stdin as one message, prints the full result.
 * npm run -s triage -- --text "…" triages the given text, prints the full result.
 *
 * Only results go to stdout; diagnostics go to stderr. CONTENT_DIR (default ./content) is read.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createTriageFromDir, type TriageResult } from '../src/triage/index.ts';

// A reader that stops early (`| head`) is not an error: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));

const args = process.argv.slice(2);
const contentDir = process.env.CONTENT_DIR ?? join(import.meta.dirname, '..', 'content');

let triage: (text: string) => TriageResult;
try {
  triage = createTriageFromDir(contentDir);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}

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

async function jsonl(): Promise<void> {
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

if (args.includes('--jsonl')) {
  await jsonl();
} else {
  const i = args.indexOf('--text');
  const text = i >= 0 ? (args[i + 1] ?? '') : await readAll();
  process.stdout.write(`${JSON.stringify(triage(text), null, 2)}\n`);
}
