import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../../electron/contract';
import { invertChange, type GridChange, type RegionRecord } from '../../../../electron/services/grids/grid-edit.repository';
import { mergeShapes, splitShape } from '../../../../electron/services/grids/grid-geometry';

// Undo is the inverse change applied as a new transaction: checked here on crafted split and merge changes.
const square = (x0: number, d = 0.01): Geometry => ({ type: 'Polygon', coordinates: [[[x0, 39.9], [x0 + d, 39.9], [x0 + d, 39.91], [x0, 39.91], [x0, 39.9]]] });
const record = (id: number, name: string, geometry: Geometry): RegionRecord => ({
  id, parentId: 1, level: 'grid', code: `110101001001${String(id).padStart(3, '0')}`, name, geometry, households: null, provenance: 'user', createdAt: 0,
});

describe('invertChange', () => {
  it('undoes a split: the new grid is deleted into the kept one, the kept one gets its shape back, cases move back', () => {
    const a = record(10, 'A', square(116.4));
    const [keep, give] = splitShape(a.geometry, [[116.405, 39.89], [116.405, 39.92]], 'A');
    const split: GridChange = {
      inserted: [record(11, 'A（分）', give)],
      updated: [{ before: a, after: { ...a, geometry: keep } }],
      deleted: [],
      moves: [{ table: 'cases', id: 7, from: 10, to: 11 }, { table: 'cases', id: 8, from: 10, to: 11 }],
    };
    const undo = invertChange(split);
    expect(undo.inserted).toEqual([]);
    expect(undo.deleted).toEqual([{ record: split.inserted[0], into: 10 }]);
    expect(undo.updated).toEqual([{ before: { ...a, geometry: keep }, after: a }]);
    expect(undo.moves).toEqual([{ table: 'cases', id: 8, from: 11, to: 10 }, { table: 'cases', id: 7, from: 11, to: 10 }]);
    // Undoing the undo gives the split back: the change and its inverse are exact mirrors.
    expect(invertChange(undo).updated).toEqual(split.updated);
    expect(invertChange(undo).inserted).toEqual(split.inserted);
  });

  it('undoes a merge: the absorbed grid is re-inserted with its id and code, and what followed it goes back', () => {
    const a = record(10, 'A', square(116.4));
    const b = record(12, 'B', square(116.41));
    const merged = mergeShapes(a.geometry, b.geometry, ['A', 'B']);
    // As logged: the repository appends the references it moved from B to A when deleting B.
    const merge: GridChange = {
      inserted: [],
      updated: [{ before: a, after: { ...a, geometry: merged } }],
      deleted: [{ record: b, into: 10 }],
      moves: [{ table: 'cases', id: 3, from: 12, to: 10 }, { table: 'duty_assignments', id: 5, from: 12, to: 10 }],
    };
    const undo = invertChange(merge);
    expect(undo.inserted).toEqual([b]);
    expect(undo.deleted).toEqual([]);
    expect(undo.updated[0]!.after.geometry).toEqual(a.geometry);
    expect(undo.moves).toEqual([{ table: 'duty_assignments', id: 5, from: 10, to: 12 }, { table: 'cases', id: 3, from: 10, to: 12 }]);
  });

  it('undoes a drawing: nothing absorbs the grid, its cases go back to no grid', () => {
    const n = record(20, 'N', square(116.42));
    const undo = invertChange({ inserted: [n], updated: [], deleted: [], moves: [{ table: 'cases', id: 9, from: null, to: 20 }] });
    expect(undo.deleted).toEqual([{ record: n, into: null }]);
    expect(undo.moves).toEqual([{ table: 'cases', id: 9, from: 20, to: null }]);
  });
});
