/**
 * The shape of the tree (docs/design.md, The shape), read from the sources with a real
 * TypeScript parser: no import cycles (type-only imports count), the core free of platform
 * libraries, and modules and functions small enough to read in one sitting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseSync, type Program } from 'oxc-parser';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.ts';

const MAX_FILE_LINES = 450;
const MAX_FUNCTION_LINES = 80;
const PLATFORM_LIBRARIES = /^(grammy|@grammyjs\/|discord\.js|@discordjs\/|dingtalk-stream|node-napcat-ts|qq-official-bot|@wecom\/)/;

interface Module {
  path: string;
  source: string;
  program: Program;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function parse(path: string): Module {
  const source = readFileSync(path, 'utf8');
  const { program, errors } = parseSync(path, source);
  if (errors.length > 0) throw new Error(`${path}: ${errors[0]!.message}`);
  return { path, source, program };
}

const modules = ['src', 'adapters'].flatMap((d) => tsFiles(join(PROJECT_ROOT, d))).map(parse);
const rel = (path: string) => relative(PROJECT_ROOT, path);

/** Every module specifier a module names: imports and re-exports (type-only too), and dynamic imports. */
function specifiers(m: Module): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; source?: { value?: unknown } };
    if ((n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ImportExpression') && typeof n.source?.value === 'string') {
      out.push(n.source.value);
    }
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value);
  };
  visit(m.program.body);
  return out;
}

/** The import graph of src/ and adapters/, by file. */
function importGraph(): Map<string, string[]> {
  const known = new Set(modules.map((m) => m.path));
  return new Map(
    modules.map((m) => [m.path, specifiers(m).filter((s) => s.startsWith('.')).map((s) => resolve(dirname(m.path), s)).filter((p) => known.has(p))]),
  );
}

/** The strongly connected components with more than one file (or a file importing itself): each holds a cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) !== indices.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(rel(w));
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!indices.has(v)) connect(v);
  return found;
}

/** Functions, methods and arrow functions longer than the limit, as `file:line (n lines)`. */
function longFunctions(m: Module): string[] {
  const lineStarts = [0];
  for (let i = 0; i < m.source.length; i++) if (m.source[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; start: number; end: number; body?: unknown };
    if ((n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') && n.body) {
      const lines = lineOf(n.end) - lineOf(n.start) + 1;
      if (lines > MAX_FUNCTION_LINES) out.push(`${rel(m.path)}:${lineOf(n.start)} (${lines} lines)`);
    }
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value);
  };
  visit(m.program.body);
  return out;
}

describe('the shape of the tree', () => {
  it('finds the cycles it looks for (a check that can fail)', () => {
    const a = '/x/a.ts';
    const b = '/x/b.ts';
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toHaveLength(1);
    expect(cycles(new Map([[a, [b]], [b, []]]))).toEqual([]);
    const program = parse(join(PROJECT_ROOT, 'src', 'core', 'context.ts'));
    expect(specifiers(program)).toContain('./transport.ts');
  });

  it('has no import cycle in src/ and adapters/, type-only imports included', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('keeps the core free of platform libraries and of the adapters', () => {
    const offending = modules
      .filter((m) => rel(m.path).startsWith('src/'))
      .flatMap((m) => specifiers(m).filter((s) => PLATFORM_LIBRARIES.test(s) || s.includes('/adapters/')).map((s) => `${rel(m.path)} imports ${s}`))
      // The composition root starts the adapters; it is the one module allowed to name them.
      .filter((line) => !line.startsWith('src/main.ts imports ../adapters/'));
    expect(offending).toEqual([]);
  });

  it(`has no file in src/ over ${MAX_FILE_LINES} lines`, () => {
    const long = modules
      .filter((m) => rel(m.path).startsWith('src/'))
      .map((m) => ({ file: rel(m.path), lines: m.source.split('\n').length - (m.source.endsWith('\n') ? 1 : 0) }))
      .filter((f) => f.lines > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines in src/ and adapters/`, () => {
    expect(modules.flatMap(longFunctions)).toEqual([]);
  });
});
