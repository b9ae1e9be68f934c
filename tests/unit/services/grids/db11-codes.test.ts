import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OfficialCodes, planCodes, readingOrder, validateCodes, type CodeNode } from '../../../../electron/services/grids/db11-codes';

const official = OfficialCodes.fromCsv(
  fs.readFileSync('/work/shared/data/china/cn_areas_counties.csv', 'utf8'),
  fs.readFileSync('/work/shared/data/china/cn_streets_townships.csv', 'utf8'),
);

const node = (id: number, parentId: number | null, level: CodeNode['level'], name: string, code: string, lng = 0, lat = 0): CodeNode =>
  ({ id, parentId, level, name, code, centroid: [lng, lat], height: 0.01 });

describe('readingOrder (west→east, north→south)', () => {
  it('reads a 3×3 block row by row from the north-west corner', () => {
    const cells: CodeNode[] = [];
    let id = 100;
    // Inserted in a scrambled order: south row first, east to west.
    for (const row of [2, 0, 1]) for (const col of [2, 0, 1]) cells.push(node(id++, 1, 'grid', `r${row}c${col}`, '', 116.4 + col * 0.01, 39.92 - row * 0.01));
    expect(readingOrder(cells).map((c) => c.name)).toEqual(['r0c0', 'r0c1', 'r0c2', 'r1c0', 'r1c1', 'r1c2', 'r2c0', 'r2c1', 'r2c2']);
  });

  it('keeps shapes whose centres differ by less than half a row in one row', () => {
    const a = node(1, 1, 'grid', 'west-low', '', 116.40, 39.9160);
    const b = node(2, 1, 'grid', 'east-high', '', 116.41, 39.9199);
    const c = node(3, 1, 'grid', 'south', '', 116.39, 39.9060);
    expect(readingOrder([c, b, a]).map((n) => n.name)).toEqual(['west-low', 'east-high', 'south']);
  });
});

describe('planCodes and validateCodes', () => {
  const tree = (): CodeNode[] => [
    node(1, null, 'district', '东城区', '110101'),
    node(2, 1, 'street', '景山街道', 'S-2'),
    node(3, 1, 'street', '东华门街道', 'S-1'),
    node(4, 1, 'street', '新建街道', 'S-3', 116.42, 39.93),
    node(10, 3, 'community', '甲社区', 'C1', 116.40, 39.92),
    node(20, 10, 'grid', 'east', 'g1', 116.41, 39.92),
    node(21, 10, 'grid', 'west', 'g2', 116.40, 39.92),
    node(22, 10, 'grid', 'south-west', 'g3', 116.40, 39.91),
  ];

  it('takes official street codes by name, numbers grids in reading order', () => {
    const plan = planCodes(tree(), official);
    const to = (id: number) => plan.changes.get(id)?.to;
    expect(to(3)).toBe('110101001');
    expect(to(2)).toBe('110101002');
    expect(to(4)).toBe('110101900');
    expect(plan.warnings.some((w) => w.includes('新建街道'))).toBe(true);
    expect(to(10)).toBe('110101001001');
    expect(to(21)).toBe('110101001001001');
    expect(to(20)).toBe('110101001001002');
    expect(to(22)).toBe('110101001001003');
  });

  it('for a desk that shares: keeps grid codes that fit, numbers the others with serials free here and in the edit log', () => {
    const nodes: CodeNode[] = [
      node(1, null, 'district', '东城区', '110101'),
      node(3, 1, 'street', '东华门街道', '110101001'),
      node(10, 3, 'community', '甲社区', '110101001001', 116.40, 39.92),
      // East of the kept grid, yet it keeps its code: renumbering would give another grid's code to it.
      node(20, 10, 'grid', 'east', '110101001001001', 116.41, 39.92),
      node(21, 10, 'grid', 'west', '110101001001-a1b2c3-001', 116.40, 39.92),
    ];
    const plan = planCodes(nodes, official, { keepValidGrids: true, reserved: new Set(['110101001001002']) });
    expect([...plan.changes]).toEqual([[21, { from: '110101001001-a1b2c3-001', to: '110101001001003' }]]);
    expect(planCodes(nodes, official).changes.get(20)?.to).toBe('110101001001002');
  });

  it('validates against the official tables', () => {
    const nodes = tree();
    const plan = planCodes(nodes, official);
    const coded = nodes.map((n) => ({ ...n, code: plan.changes.get(n.id)?.to ?? n.code }));
    const problems = validateCodes(coded, official);
    // Only the provisional street is not in the official table.
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.regionId)).toEqual([4]);
    const swapped = coded.map((n) => (n.id === 20 ? { ...n, code: '110101001001001' } : n.id === 21 ? { ...n, code: '110101001001002' } : n));
    expect(validateCodes(swapped, official).some((p) => p.message.includes('自西向东'))).toBe(true);
    const wrongDistrict = coded.map((n) => (n.id === 1 ? { ...n, code: '110199' } : n));
    expect(validateCodes(wrongDistrict, official).some((p) => p.regionId === 1 && p.message.includes('GB/T 2260'))).toBe(true);
  });

  it('the bundled Beijing table agrees with the full CSVs', () => {
    const bj = OfficialCodes.beijing();
    for (const [code, name] of bj.streets) expect(official.streets.get(code)).toBe(name);
    expect(bj.districts.get('110101')).toBe('东城区');
  });
});
