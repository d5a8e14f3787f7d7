/**
 * Reads the files of the content library and validates each item against its zod schema,
 * collecting every problem at `file:line field` instead of stopping at the first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fieldName, parseYaml, parseYamlList, type ContentProblem, type LineOf, type Located } from './yaml.ts';

/** An item that passed its schema, with a way to point at its fields. */
export interface Entry<T> {
  value: T;
  /** Path of the file relative to the library folder, e.g. `tips/01-students.yaml`. */
  rel: string;
  at: (path: readonly PropertyKey[]) => Where;
}

/** A line and a field name, as a problem points at them. */
export interface Where {
  line: number;
  field: string;
}

/** Where an id was first seen (also for items that failed their schema); the line is looked up only for a duplicate. */
interface Seen {
  rel: string;
  line: () => number;
}

export class ContentReader {
  readonly problems: ContentProblem[] = [];
  /** Every id in the library → where it was first defined; finds duplicates across files. */
  readonly ids = new Map<string, Seen>();

  constructor(readonly dir: string) {}

  file(rel: string): string {
    return join(this.dir, rel);
  }

  problem(rel: string, line: number, field: string, message: string): void {
    this.problems.push({ file: this.file(rel), line, field, message });
  }

  problemAt(entry: Entry<unknown>, path: readonly PropertyKey[], message: string): void {
    const { line, field } = entry.at(path);
    this.problem(entry.rel, line, field, message);
  }

  read(rel: string): string | undefined {
    const path = this.file(rel);
    if (!existsSync(path)) {
      this.problem(rel, 1, '', 'file is missing');
      return undefined;
    }
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  }

  listFiles(sub: string, ext: string): string[] {
    const path = this.file(sub);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      this.problem(sub, 1, '', 'folder is missing');
      return [];
    }
    const names = readdirSync(path)
      .filter((n) => n.endsWith(ext) && !n.startsWith('.'))
      .sort();
    if (names.length === 0) this.problem(sub, 1, '', `no ${ext} files`);
    return names.map((n) => `${sub}/${n}`);
  }

  idsWithPrefix(prefix: string): string[] {
    return [...this.ids.keys()].filter((id) => id.startsWith(prefix));
  }

  /**
   * Validates one item (at `prefix` in the parsed document) with its schema, reporting issues at
   * their lines. Returns the entry when valid. Records the item's id either way, unless the item is
   * another language's version of one recorded already (`recordId: false`).
   */
  item<S extends z.ZodType>(
    rel: string,
    raw: unknown,
    schema: S,
    prefix: readonly PropertyKey[],
    lineOf: LineOf,
    recordId = true,
  ): Entry<z.infer<S>> | undefined {
    return this.checked(rel, check(raw, schema), prefix, lineOf, recordId);
  }

  /**
   * A YAML file holding a list of items; each item is validated on its own, as it is parsed (so
   * that only the valid value is kept, not the parsed item), and reported once the file has parsed.
   */
  loadList<S extends z.ZodType>(rel: string, schema: S, into: Entry<z.infer<S>>[]): boolean {
    const text = this.read(rel);
    if (text === undefined) return false;
    const doc = parseYamlList(this.file(rel), text, LIST, (raw) => check(raw, schema));
    this.problems.push(...firstSyntaxError(doc.problems));
    if (!doc.value) return false;
    doc.value.forEach((item, i) => {
      const entry = this.checked(rel, item, [i], doc.lineOf);
      if (entry) into.push(entry);
    });
    return true;
  }

  /** A YAML file holding one object. */
  loadOne<S extends z.ZodType>(rel: string, schema: S): Entry<z.infer<S>> | undefined {
    const text = this.read(rel);
    if (text === undefined) return undefined;
    const doc = this.parseObject(rel, text);
    return doc && this.item(rel, doc.value, schema, [], doc.lineOf);
  }

  /**
   * YAML text holding one object: a file, or the front matter of a Markdown file, which starts
   * below line `lineOffset`. Undefined after a syntax error (reported).
   */
  parseObject(rel: string, text: string, lineOffset = 0): Located<unknown> | undefined {
    const doc = parseYaml(this.file(rel), text, z.unknown(), lineOffset);
    this.problems.push(...firstSyntaxError(doc.problems));
    return doc.problems.length > 0 ? undefined : doc;
  }

  /** Reports what `check` found about an item at `prefix`, and records its id. */
  private checked<T>(rel: string, item: Checked<T>, prefix: readonly PropertyKey[], lineOf: LineOf, recordId = true): Entry<T> | undefined {
    const at = (path: readonly PropertyKey[]) => {
      const full = [...prefix, ...path];
      return { line: lineOf(full), field: fieldName(full) };
    };
    if (item.id !== undefined && recordId) this.recordId(rel, item.id, () => at(['id']));
    if (item.ok) return { value: item.value, rel, at };
    for (const issue of item.issues) this.schemaIssue(rel, item.raw, issue, at);
    return undefined;
  }

  private recordId(rel: string, id: string, where: () => Where): void {
    const first = this.ids.get(id);
    if (first) {
      const { line, field } = where();
      this.problem(rel, line, field, `duplicate id ${id} (first defined at ${first.rel}:${first.line()})`);
    } else {
      this.ids.set(id, { rel, line: () => where().line });
    }
  }

  /** One zod issue as the problems an editor reads (one per unknown key). */
  private schemaIssue(rel: string, raw: unknown, issue: z.core.$ZodIssue, at: (path: readonly PropertyKey[]) => Where): void {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths) {
      const where = at(path);
      const value = issue.code === 'unrecognized_keys' ? undefined : valueAt(raw, issue.path);
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field "${String(path[path.length - 1])}"`
          : value === undefined
            ? 'required field is missing'
            : issue.code === 'invalid_type' && issue.expected === 'string' && typeof value === 'number'
              ? `is the number ${value}; put it in quotes ("${value}") so that it stays text`
              : issue.message;
      this.problem(rel, where.line, where.field, message);
    }
  }
}

const LIST = z.array(z.unknown(), { error: 'expected a YAML list of items' });

/** An item checked against its schema, before anything is reported; the raw item is kept only when it is invalid. */
type Checked<T> = { id: string | undefined } & ({ ok: true; value: T } | { ok: false; raw: unknown; issues: z.core.$ZodIssue[] });

function check<S extends z.ZodType>(raw: unknown, schema: S): Checked<z.infer<S>> {
  const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
  const result = schema.safeParse(raw);
  return result.success ? { id, ok: true, value: ownStrings(result.data) } : { id, ok: false, raw, issues: result.error.issues };
}

/**
 * The item with every string made a string of its own. The parser's strings are slices of the
 * text it parsed, and V8 keeps a sliced string's whole parent alive: without this the library would
 * hold the full text of every YAML file, keys and comments too, for as long as the bot runs.
 * (V8 copies strings shorter than 13 characters instead of slicing them.)
 */
function ownStrings<T>(value: T): T {
  const own = (v: unknown): unknown => {
    if (typeof v === 'string') return v.length < 13 ? v : (JSON.parse(JSON.stringify(v)) as string);
    if (Array.isArray(v)) v.forEach((x, i) => (v[i] = own(x)));
    else if (isRecord(v)) for (const [k, x] of Object.entries(v)) v[k] = own(x);
    return v;
  };
  return own(value) as T;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * After a YAML syntax error the parser reports follow-on errors that only confuse an editor:
 * keep the first one and say how many more there were.
 */
function firstSyntaxError(problems: ContentProblem[]): ContentProblem[] {
  const [first, ...rest] = problems;
  if (!first || !first.message.startsWith('YAML:') || rest.length === 0) return problems;
  return [{ ...first, message: `${first.message} (and ${rest.length} more YAML errors after it; fix this one first)` }];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
