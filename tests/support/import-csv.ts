/** Generated import files: `rows` records over `rows / 4` enterprises, every `badEvery`-th row broken. */
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { IMPORT_COLUMNS } from '../../shared/import/csv-rows.ts';
import { addDays, shanghaiDate } from '../../shared/rules/calendar.ts';

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function importCsv(rows: number, options: { badEvery?: number; bom?: boolean; prefix?: string } = {}): { text: string; badLines: number[] } {
  const today = shanghaiDate();
  const badLines: number[] = [];
  const lines = [IMPORT_COLUMNS.join(',')];
  for (let i = 0; i < rows; i++) {
    const e = Math.floor(i / 4);
    const uscc = withCheckCharacter(`913301${options.prefix ?? '08'}MA${String(e).padStart(7, '0')}`);
    const row: Record<string, string> = {
      uscc,
      enterprise_name: `杭州导入测试${e}号有限公司`,
      district: '330108',
      kind: 'administrative-penalty',
      severity: i % 3 === 0 ? 'minor' : 'general',
      title: '生产不合格产品',
      decision_number: `杭滨市监处罚〔2026〕${i}号`,
      violation_type: '生产不符合标准的产品',
      facts: '抽检不合格，含逗号, 和"引号"',
      legal_basis: '《中华人民共和国产品质量法》第四十九条',
      penalty_types: 'fine;confiscation-of-illegal-gains',
      penalty_content: '罚款并没收违法所得',
      fine_wan: i % 3 === 0 ? '0.5' : '2.5',
      confiscation_wan: '0.1',
      licence_revoked: '',
      restriction_months: '',
      decision_date: addDays(today, -20),
      published_on: addDays(today, -10),
      authority_name: '杭州市滨江区市场监督管理局',
      authority_uscc: '113301060024890718',
      data_source: '杭州市市场监督管理局',
    };
    if (options.badEvery && i % options.badEvery === options.badEvery - 1) {
      // Alternate kinds of mistakes: a negative fine, an impossible date, a district outside Hangzhou.
      const kind = (i / options.badEvery) % 3;
      if (kind < 1) row.fine_wan = '-3';
      else if (kind < 2) row.decision_date = '2026-02-30';
      else row.district = '310101';
      badLines.push(i + 2);
    }
    lines.push(IMPORT_COLUMNS.map((c) => quote(row[c] ?? '')).join(','));
  }
  return { text: `${options.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`, badLines };
}
