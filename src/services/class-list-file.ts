import { defineMessages, type Locale } from '../i18n/index.ts';

/**
 * Reading a class list (花名册) file: CSV or XLSX, a header row naming the columns, then a row a
 * student. Only the student number (or an internal id), the name and an optional platform id are
 * read; any other column (phone, ID card …) is reported as ignored and never stored.
 */

export interface ClassListRow {
  /** The student number or the school's internal id: how a re-import finds the entry. */
  ref: string;
  name: string;
  /** The member's own id on the class group's platform, when the school knows it. */
  platformId?: string;
}

export interface ParsedClassList {
  rows: ClassListRow[];
  /** Header cells of columns that were not read. */
  ignored: string[];
}

const t = defineMessages({
  'zh-CN': {
    columns: '第一行要写列名：学号（或 编号）和 姓名，可选 平台ID',
    rowIncomplete: '第 {row} 行：学号和姓名都要填',
    rowTwice: '第 {row} 行：学号 {ref} 出现了两次',
    notXlsx: '这不是能读取的 XLSX 工作簿',
    noSheet: '工作簿里没有工作表',
    notTableFile: '花名册要用 .csv 或 .xlsx 文件',
    notCsv: '这不是能读取的 CSV 表格',
  },
  en: {
    columns: 'the first row must name the columns: 学号 (or 编号) and 姓名, and optionally 平台ID',
    rowIncomplete: 'row {row}: 学号 and 姓名 are both needed',
    rowTwice: 'row {row}: 学号 {ref} appears twice',
    notXlsx: 'the file is not a readable XLSX workbook',
    noSheet: 'the workbook has no sheet',
    notTableFile: 'a class list is a .csv or an .xlsx file',
    notCsv: 'the file is not a readable CSV table',
  },
});

/** What is wrong with a file that cannot be read as a class list. */
export type ClassListProblem = Parameters<typeof t>[1];

/** A file that cannot be read as a class list; `describe` says what to fix, in the reader's language. */
export class ClassListFileError extends Error {
  constructor(
    readonly problem: ClassListProblem,
    readonly params: Record<string, string | number> = {},
  ) {
    super(t('en', problem, params));
    this.name = 'ClassListFileError';
  }

  describe(locale: Locale): string {
    return t(locale, this.problem, this.params);
  }
}

const COLUMNS: Record<keyof ClassListRow, string[]> = {
  ref: ['学号', '编号', '内部编号', '工号', 'id', 'studentno', 'studentnumber', 'ref'],
  name: ['姓名', '名字', 'name'],
  platformId: ['平台id', '平台账号', '账号', 'platformid', 'userid'],
};

const normal = (header: string) => header.replace(/[\s_-]+/g, '').toLowerCase();

/** The rows of a table whose first row names the columns. */
export function classListFromTable(table: string[][]): ParsedClassList {
  const [header = [], ...body] = table.filter((r) => r.some((c) => c.trim() !== ''));
  const index = (key: keyof ClassListRow) => header.findIndex((h) => COLUMNS[key].includes(normal(h)));
  const [ref, name, platformId] = [index('ref'), index('name'), index('platformId')];
  if (ref < 0 || name < 0) throw new ClassListFileError('columns');
  const rows: ClassListRow[] = [];
  const seen = new Set<string>();
  for (const [i, cells] of body.entries()) {
    const row = { ref: (cells[ref] ?? '').trim(), name: (cells[name] ?? '').trim(), platformId: platformId < 0 ? '' : (cells[platformId] ?? '').trim() };
    if (!row.ref || !row.name) throw new ClassListFileError('rowIncomplete', { row: i + 2 });
    if (seen.has(row.ref)) throw new ClassListFileError('rowTwice', { row: i + 2, ref: row.ref.slice(0, 32) });
    seen.add(row.ref);
    rows.push({ ref: row.ref, name: row.name.slice(0, 64), ...(row.platformId ? { platformId: row.platformId } : {}) });
  }
  const read = new Set([ref, name, platformId]);
  return { rows, ignored: header.filter((h, i) => !read.has(i) && h.trim() !== '') };
}

/** A CSV (UTF-8, with or without a BOM) or an XLSX file's first sheet, by its name. */
export async function readClassListFile(data: Uint8Array, filename: string): Promise<ParsedClassList> {
  if (/\.xlsx$/i.test(filename)) {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    // A broken or mislabelled file (a PDF renamed .xlsx) is the sender's to fix, not a fault.
    await workbook.xlsx.load(Buffer.from(data) as never).catch(() => {
      throw new ClassListFileError('notXlsx');
    });
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new ClassListFileError('noSheet');
    const table: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => void (cells[col - 1] = cell.text ?? ''));
      table.push(Array.from(cells, (c) => c ?? ''));
    });
    return classListFromTable(table);
  }
  if (!/\.csv$/i.test(filename)) throw new ClassListFileError('notTableFile');
  const { parse } = await import('csv-parse/sync');
  let table: string[][];
  try {
    table = parse(Buffer.from(data), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch {
    throw new ClassListFileError('notCsv');
  }
  return classListFromTable(table);
}
