import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffLines, diffStats, hunks, type DiffLine } from './line-diff';

const side = (lines: DiffLine[], keep: 'add' | 'del') => lines.filter((l) => l.kind === 'same' || l.kind === keep).map((l) => l.text);

describe('line diff', () => {
  it('finds added and removed lines and keeps the rest', () => {
    const d = diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(d.map((l) => `${l.kind}:${l.text}`)).toEqual(['same:a', 'del:b', 'add:B', 'same:c', 'same:d', 'add:e']);
    expect(diffStats(d)).toEqual({ added: 2, removed: 1 });
  });

  it('folds long unchanged runs into gaps', () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 15', 'line fifteen');
    const h = hunks(diffLines(before, after), 2);
    expect(h.filter((x) => x.kind === 'gap').map((g) => (g as { count: number }).count)).toEqual([13, 12]);
    expect(h.filter((x) => x.kind !== 'gap')).toHaveLength(6);
  });
  it('marks removed and added lines with their numbers on each side', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { kind: 'same', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 },
      { kind: 'add', text: 'x', newNo: 2 },
      { kind: 'same', text: 'c', oldNo: 3, newNo: 3 },
    ]);
    expect(diffLines('', 'a\nb')).toEqual([
      { kind: 'add', text: 'a', newNo: 1 },
      { kind: 'add', text: 'b', newNo: 2 },
    ]);
    expect(diffLines('a', '')).toEqual([{ kind: 'del', text: 'a', oldNo: 1 }]);
  });

  it('gives back both files exactly, with numbers in order, for any pair', () => {
    const text = fc.array(fc.constantFrom('x', 'y', 'z', '', 'class A:', '    id = 1'), { maxLength: 40 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = diffLines(a, b);
        expect(side(d, 'del').join('\n')).toBe(a);
        expect(side(d, 'add').join('\n')).toBe(b);
        const olds = d.flatMap((l) => (l.oldNo ? [l.oldNo] : []));
        expect(olds).toEqual(olds.map((_, i) => i + 1));
        const { added, removed } = diffStats(d);
        // Minimal: never more changes than replacing every line.
        expect(added).toBeLessThanOrEqual(b === '' ? 0 : b.split('\n').length);
        expect(removed).toBeLessThanOrEqual(a === '' ? 0 : a.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });

  it('diffs an 11.5k-line models.py with a few changes exactly (a full old × new table would need ~500 MB)', () => {
    const before = Array.from({ length: 250 }, (_, t) => [`class T${t}(Base):`, `    __tablename__ = "t${t}"`, ...Array.from({ length: 44 }, (_, c) => `    c${c}: Mapped[str] = mapped_column(String(40))`), '']).flat();
    const after = before.slice();
    for (let t = 0; t < 250; t += 25) after.splice(t * 47 + 3 + t / 25, 0, `    extra${t}: Mapped[int]`);
    after[0] = 'class T0Renamed(Base):';
    const d = diffLines(before.join('\n'), after.join('\n'));
    expect(before.length).toBeGreaterThan(11_500);
    expect(diffStats(d)).toEqual({ added: 11, removed: 1 });
    expect(side(d, 'add')).toEqual(after);
  });

  it('keeps context lines around changes and counts the rest as gaps', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = a.slice();
    b[10] = 'changed';
    const h = hunks(diffLines(a.join('\n'), b.join('\n')), 2);
    expect(h[0]).toEqual({ kind: 'gap', count: 8 });
    expect(h.filter((l) => l.kind !== 'gap').map((l) => (l as DiffLine).text)).toEqual(['l8', 'l9', 'l10', 'changed', 'l11', 'l12']);
    expect(h[h.length - 1]).toEqual({ kind: 'gap', count: 7 });
  });
});
