import { readFileSync } from 'node:fs';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** One problem in a content file, printed as `file:line field: message`. */
export interface ContentProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line} ${p.field || '(file)'}: ${p.message}`;
}

export type LineOf = (path: readonly PropertyKey[]) => number;

export interface Located<T> {
  value: T | undefined;
  problems: ContentProblem[];
  /** Line of the node at `path` (or of its nearest existing parent); for checks made after zod. */
  lineOf: LineOf;
}

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/**
 * Parses YAML text and validates it with a zod schema, keeping line numbers so that every
 * problem points at the line an editor must change. `lineOffset` is for YAML embedded in a
 * file (Markdown front matter), where the YAML starts below line 1.
 */
export function parseYaml<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  lineOffset = 0,
): Located<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  const lineOf = lineFinder(text, lineOffset);
  if (doc.errors.length > 0) {
    return {
      value: undefined,
      lineOf,
      problems: [...doc.errors, ...doc.warnings].map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line + lineOffset,
        field: '',
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // An alias with no anchor before it parses, and throws only here: a problem of the file, not a crash.
    const message = err instanceof Error ? err.message : String(err);
    const alias = /: (\S+)$/.exec(message)?.[1];
    const at = alias ? text.indexOf(`*${alias}`) : -1;
    return { value: undefined, lineOf, problems: [{ file, line: (at < 0 ? 1 : lineCounter.linePos(at).line) + lineOffset, field: '', message: `YAML: ${message}` }] };
  }
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, problems: [], lineOf };
  return {
    value: undefined,
    lineOf,
    problems: result.error.issues.map((issue) => ({
      file,
      line: lineOf(issue.path),
      field: fieldName(issue.path),
      message: issue.message,
    })),
  };
}

/**
 * A YAML file that should hold a list of items (`listSchema` says what else it may hold, and the
 * problem when it doesn't), each item passed through `each` as soon as it is parsed. The items
 * are parsed one by one, so that the parser's working set is one item, not the whole file: parsing
 * whole files left tens of MB of garbage at once for a library of thousands of items
 * (bench/scheduler.bench.ts, peak RSS). Where the file is not plainly a list of items, or an item
 * does not parse on its own (an alias to another item, a syntax error), the whole file is parsed
 * as one, so that what is loaded and every problem are those of the whole file.
 */
export function parseYamlList<T>(
  file: string,
  text: string,
  listSchema: z.ZodType<unknown[]>,
  each: (raw: unknown) => T,
): Located<T[]> {
  const whole = (): Located<T[]> => {
    const doc = parseYaml(file, text, listSchema);
    return { ...doc, value: doc.value?.map(each) };
  };
  const items = topLevelItems(text);
  if (!items) return whole();
  const values: T[] = [];
  for (const item of items) {
    const value = alone(item.text);
    if (!Array.isArray(value) || value.length !== 1) return whole();
    values.push(each(value[0]));
  }
  const lines = items.map((item) => lineFinder(item.text, item.line - 1));
  const lineOf: LineOf = ([index, ...rest]) => {
    const i = typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : index;
    const item = typeof i === 'number' ? lines[i] : undefined;
    return item ? item([0, ...rest]) : items[0]!.line;
  };
  return { value: values, problems: [], lineOf };
}

/** One item's text parsed on its own; undefined if it does not parse so (an error, an alias to another item). */
function alone(text: string): unknown {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0) return undefined;
  try {
    return doc.toJS();
  } catch {
    return undefined; // toJS throws on an alias whose anchor is in another item
  }
}

/**
 * The top-level items of a YAML list, each with the line it starts on; undefined where the text
 * holds anything else at the left margin (a key, a document marker, a line of a quoted text), or
 * no item at all.
 */
function topLevelItems(text: string): { text: string; line: number }[] | undefined {
  const items: { start: number; line: number }[] = [];
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    const end = text.indexOf('\n', start);
    const next = end < 0 ? text.length : end + 1;
    const first = text[start];
    if (first === '-' && /^-( |\r?$)/.test(text.slice(start, end < 0 ? text.length : end))) items.push({ start, line });
    else if (first !== undefined && !/[\s#]/.test(first)) return undefined;
    start = next;
  }
  if (items.length === 0) return undefined;
  return items.map((item, i) => ({ text: text.slice(item.start, items[i + 1]?.start ?? text.length), line: item.line }));
}

/**
 * Lines are looked up only when a problem needs one: the text is parsed again then (once), so that
 * no parsed document or line map is kept for the many items that have no problem.
 */
function lineFinder(text: string, lineOffset: number): LineOf {
  let tree: LineTree | undefined | null = null;
  return (path) => {
    if (tree === null) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
      tree = lineTree(doc.contents, (offset) => lineCounter.linePos(offset).line + lineOffset);
    }
    return lineAtPath(tree, path) ?? 1 + lineOffset;
  };
}

export function parseYamlFile<S extends z.ZodType>(file: string, schema: S, displayName = file) {
  return parseYaml(displayName, readFileSync(file, 'utf8'), schema);
}

/** `[3, 'text', 'zh']` → `[3].text.zh`, the way an editor reads a field. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** The line of a YAML node and of the nodes under it: map entries by key, list items by index. */
interface LineTree {
  line: number;
  children?: Map<unknown, LineTree>;
  /** A list: its children are keyed by index. */
  seq?: true;
}

function lineTree(node: unknown, lineAt: (offset: number) => number): LineTree | undefined {
  if (!isNode(node) || !node.range) return undefined;
  const tree: LineTree = { line: lineAt(node.range[0]) };
  const add = (key: unknown, child: unknown) => {
    const sub = lineTree(child, lineAt);
    if (sub) (tree.children ??= new Map()).set(key, sub);
  };
  if (isMap(node)) for (const pair of node.items) add(isScalar(pair.key) ? pair.key.value : pair.key, pair.value);
  else if (isSeq(node)) {
    tree.seq = true;
    node.items.forEach((item, i) => add(i, item));
  }
  return tree;
}

/** The line of the node at `path`, or of its nearest existing parent (a missing field has no node). */
function lineAtPath(tree: LineTree | undefined, path: readonly PropertyKey[]): number | undefined {
  let line = tree?.line;
  for (const key of path) {
    // List items are found by index also when the path holds it as a string, as in yaml's getIn.
    const next = tree?.children?.get(tree.seq && typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key);
    if (!next) break;
    [tree, line] = [next, next.line];
  }
  return line;
}
