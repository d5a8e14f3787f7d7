import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
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
  const lineOf = (path: readonly PropertyKey[]) => nodeLine(doc, path, lineAt) ?? 1 + lineOffset;

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

function nodeLine(
  doc: Document,
  path: readonly PropertyKey[],
  lineAt: (offset: number) => number,
): number | undefined {
  // A missing field has no node: walk up to the nearest parent that exists.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lineAt(node.range[0]);
  }
  return undefined;
}
