/** The real library in content/ must load with zero problems: the bot refuses to start otherwise. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/library.ts';
import { formatProblem } from '../src/content/yaml.ts';

const CONTENT = join(import.meta.dirname, '..', 'content');

describe('content/', () => {
  const { library, problems, draft } = loadLibrary(CONTENT);

  it('loads with zero problems', () => {
    // Printed as `file:line field: message`, so a failure here says exactly what to fix.
    expect(problems.map(formatProblem)).toEqual([]);
    expect(library).toBeDefined();
  });

  it('is complete: thirteen fraud types (the eleven, 帮信 and credential phishing), four rule families, tips, articles and quizzes', () => {
    expect(draft.types.size).toBe(13);
    expect(draft.ruleItems.size).toBe(6 + 10 + 8 + 4);
    expect(draft.tips.length).toBeGreaterThan(0);
    expect(draft.articles.length).toBeGreaterThan(0);
    expect(draft.quizzes.size).toBeGreaterThan(0);
  });
});
