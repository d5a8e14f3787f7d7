import type { Library } from '../content/library.ts';
import type { GroupId } from '../core/ids.ts';
import { localDateKey } from '../core/time.ts';
import type { CaseService } from '../services/cases.ts';
import type { ReportSection, SectionMetric } from '../services/reports.ts';

/**
 * The case ledger (台账) as a report section: a unit's cases over the report's period, in all, with
 * 紧急止付 succeeded, and by fraud type; per class where a case names one. Days are read in the
 * school's timezone (a case's date is the school's). A group's own report has none: cases are the
 * security office's, by unit.
 */
export function casesSection(cases: CaseService, library: Library, timezone: string): ReportSection {
  const title = { zh: '台账案件', en: 'Case ledger' };
  return {
    id: 'cases',
    collect: ({ scope, span }) => {
      if (!('unit' in scope)) return { id: 'cases', title, metrics: [] };
      const s = cases.summary(scope.unit, { from: localDateKey(new Date(span.from), timezone), to: localDateKey(new Date(span.to - 1), timezone) });
      const count = (label: SectionMetric['label'], total: number, byGroup = new Map<GroupId, number>()): SectionMetric => ({ label, kind: 'count', total, byGroup });
      return {
        id: 'cases',
        title,
        metrics: [
          count({ zh: '案件数', en: 'Cases' }, s.total, s.byGroup),
          count({ zh: '紧急止付成功', en: 'Emergency stop-payment succeeded' }, s.stopSucceeded),
          ...[...s.byType].map(([typeId, n]) => {
            const name = library.types.get(typeId as never)?.name;
            return count({ zh: `案件：${name?.zh ?? typeId}`, en: `Cases: ${name?.en ?? typeId}` }, n);
          }),
        ],
      };
    },
  };
}
