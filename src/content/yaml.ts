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

export interface Located<T> {
  value: T | undefined;
  problems: ContentProblem[];
  /** Line of the node at `path` (or of its nearest existing parent); for checks made after zod. */
  lineOf: (path: readonly PropertyKey[]) => number;
}

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
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  // The lines are copied out of the parsed document so that lineOf does not keep it (and its
  // source text) alive: a library holds lineOf for every item while it loads.
  const lines = lineTree(doc.contents, lineAt);
  const lineOf = (path: readonly PropertyKey[]) => lineAtPath(lines, path) ?? 1 + lineOffset;

  const syntax = [...doc.errors, ...doc.warnings];
  if (doc.errors.length > 0) {
    return {
      value: undefined,
      lineOf,
      problems: syntax.map((e) => ({
        file,
        line: lineAt(e.pos[0]),
        field: '',
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const result = schema.safeParse(doc.toJS());
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
