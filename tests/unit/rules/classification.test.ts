/**
 * 质量信用分类 — the default scheme of DOMAIN.md §5: D, then C, then A, else B; first rule wins.
 */
import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_SCHEME, classify, type ClassificationInput } from '../../../shared/rules/classification.ts';

type Rec = ClassificationInput['records'][number];
type Lst = ClassificationInput['listings'][number];

const general = (id: string): Rec => ({ id, kind: 'administrative-penalty', severity: 'general' });
const serious = (id: string): Rec => ({ id, kind: 'administrative-penalty', severity: 'serious' });
const minor = (id: string): Rec => ({ id, kind: 'administrative-penalty', severity: 'minor' });
const spotCheck = (id: string, severity: Rec['severity']): Rec => ({ id, kind: 'spot-check-failure', severity });
const award = (id: string): Rec => ({ id, kind: 'quality-award', severity: null });
const honour = (id: string): Rec => ({ id, kind: 'honour', severity: null });
const punishment = (id: string): Lst => ({ id, listType: 'punishment' });
const incentive = (id: string): Lst => ({ id, listType: 'incentive' });

describe('classify', () => {
  it('gives B.default with no records and no listings', () => {
    const result = classify({ records: [], listings: [] });
    expect(result.class).toBe('B');
    expect(result.reasons).toEqual([expect.objectContaining({ rule: 'B.default', refs: [] })]);
  });

  it('sets the scheme version on every result', () => {
    expect(classify({ records: [], listings: [] }).ruleVersion).toBe(CLASSIFICATION_SCHEME.version);
    expect(classify({ records: [serious('r1')], listings: [punishment('l1')] }).ruleVersion).toBe(CLASSIFICATION_SCHEME.version);
  });

  describe('D — on the punishment list', () => {
    it('is D over everything else, naming only the punishment listings', () => {
      // Arrange: every other rule would also match.
      const input: ClassificationInput = {
        records: [serious('r1'), general('r2'), minor('r3'), award('r4')],
        listings: [incentive('l1'), punishment('l2'), punishment('l3')],
      };

      // Act
      const result = classify(input);

      // Assert
      expect(result.class).toBe('D');
      expect(result.reasons).toHaveLength(1);
      expect(result.reasons[0]?.rule).toBe('D.punishment-list');
      expect(result.reasons[0]?.refs).toEqual([
        { type: 'listing', id: 'l2' },
        { type: 'listing', id: 'l3' },
      ]);
    });

    it('is D on the punishment list alone, without any record', () => {
      expect(classify({ records: [], listings: [punishment('l1')] }).class).toBe('D');
    });
  });

  describe('C — a published record of severity 一般 or 严重', () => {
    it('is C for a general penalty', () => {
      const result = classify({ records: [general('r1')], listings: [] });
      expect(result.class).toBe('C');
      expect(result.reasons[0]).toMatchObject({ rule: 'C.negative-record', refs: [{ type: 'record', id: 'r1' }] });
    });

    it('is C for a serious penalty', () => {
      expect(classify({ records: [serious('r1')], listings: [] }).class).toBe('C');
    });

    it('is C for a general spot-check failure', () => {
      expect(classify({ records: [spotCheck('r1', 'general')], listings: [] }).class).toBe('C');
    });

    it('is C even when on the incentive list', () => {
      expect(classify({ records: [general('r1')], listings: [incentive('l1')] }).class).toBe('C');
    });

    it('names exactly the general and serious records, not the minor ones or awards', () => {
      const result = classify({ records: [minor('r1'), general('r2'), award('r3'), serious('r4')], listings: [] });
      expect(result.reasons[0]?.refs).toEqual([
        { type: 'record', id: 'r2' },
        { type: 'record', id: 'r4' },
      ]);
    });
  });

  describe('A — on the incentive list with no published negative record', () => {
    it('is A, naming the incentive listings', () => {
      const result = classify({ records: [award('r1')], listings: [incentive('l1'), incentive('l2')] });
      expect(result.class).toBe('A');
      expect(result.reasons[0]).toMatchObject({
        rule: 'A.incentive-list',
        refs: [
          { type: 'listing', id: 'l1' },
          { type: 'listing', id: 'l2' },
        ],
      });
    });

    it('is blocked by a minor negative record: B.minor-record, naming that record', () => {
      const result = classify({ records: [minor('r1'), award('r2')], listings: [incentive('l1')] });
      expect(result.class).toBe('B');
      expect(result.reasons[0]).toMatchObject({ rule: 'B.minor-record', refs: [{ type: 'record', id: 'r1' }] });
    });

    it('is blocked by a minor spot-check failure', () => {
      expect(classify({ records: [spotCheck('r1', 'minor')], listings: [incentive('l1')] }).class).toBe('B');
    });
  });

  describe('B — otherwise', () => {
    it('is B.minor-record with only minor negative records, naming all of them', () => {
      const result = classify({ records: [minor('r1'), award('r2'), spotCheck('r3', 'minor')], listings: [] });
      expect(result.class).toBe('B');
      expect(result.reasons).toHaveLength(1);
      expect(result.reasons[0]).toMatchObject({
        rule: 'B.minor-record',
        refs: [
          { type: 'record', id: 'r1' },
          { type: 'record', id: 'r3' },
        ],
      });
    });

    it('is B.default with awards and honours alone: awards are not a listing', () => {
      const result = classify({ records: [award('r1'), honour('r2')], listings: [] });
      expect(result.class).toBe('B');
      expect(result.reasons[0]).toMatchObject({ rule: 'B.default', refs: [] });
    });
  });

  it('gives every reason a Chinese and an English explanation', () => {
    const inputs: ClassificationInput[] = [
      { records: [], listings: [punishment('l')] },
      { records: [general('r')], listings: [] },
      { records: [], listings: [incentive('l')] },
      { records: [minor('r')], listings: [] },
      { records: [], listings: [] },
    ];
    const rules = inputs.map((input) => {
      const reason = classify(input).reasons[0];
      expect(reason?.zh).toMatch(/\p{Script=Han}/u);
      expect(reason?.en).toMatch(/[a-z]/);
      return reason?.rule;
    });
    expect(rules).toEqual(['D.punishment-list', 'C.negative-record', 'A.incentive-list', 'B.minor-record', 'B.default']);
  });
});
