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

/** A file that cannot be read as a class list; the message says what to fix. */
export class ClassListFileError extends Error {}

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
  if (ref < 0 || name < 0) throw new ClassListFileError('the first row must name the columns: 学号 (or 编号) and 姓名, and optionally 平台ID');
  const rows: ClassListRow[] = [];
  const seen = new Set<string>();
  for (const [i, cells] of body.entries()) {
    const row = { ref: (cells[ref] ?? '').trim(), name: (cells[name] ?? '').trim(), platformId: platformId < 0 ? '' : (cells[platformId] ?? '').trim() };
    if (!row.ref || !row.name) throw new ClassListFileError(`row ${i + 2}: 学号 and 姓名 are both needed`);
    if (seen.has(row.ref)) throw new ClassListFileError(`row ${i + 2}: 学号 ${row.ref} appears twice`);
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
      throw new ClassListFileError('the file is not a readable XLSX workbook');
    });
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new ClassListFileError('the workbook has no sheet');
    const table: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => void (cells[col - 1] = cell.text ?? ''));
      table.push(Array.from(cells, (c) => c ?? ''));
    });
    return classListFromTable(table);
  }
  if (!/\.csv$/i.test(filename)) throw new ClassListFileError('a class list is a .csv or an .xlsx file');
  const { parse } = await import('csv-parse/sync');
  let table: string[][];
  try {
    table = parse(Buffer.from(data), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new ClassListFileError(`the file is not a readable CSV table (${err instanceof Error ? err.message : String(err)})`);
  }
  return classListFromTable(table);
}
