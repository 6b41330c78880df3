import { describe, expect, it } from 'vitest';
import type { TargetSummary } from '@shared/typemap-model';
import { summaryAnswer, summaryQuestion } from './summary-question';

const s = (over: Partial<TargetSummary>): TargetSummary => ({ target: 'sqlite', runs: true, portable: 10, lossy: 0, unsupported: 0, tableBlockers: 0, ...over });

describe('types summary wording', () => {
  it('never asks whether a SQLite database can run on SQLite', () => {
    expect(summaryQuestion('sqlite', 'sqlite')).toBe("It is SQLite: what do SQLAlchemy's types keep?");
    expect(summaryAnswer('sqlite', 'sqlite', s({ lossy: 3 }))).toBe('All but 3 columns');
    expect(summaryAnswer('sqlite', 'sqlite', s({ lossy: 1 }))).toBe('All but 1 column');
    expect(summaryAnswer('sqlite', 'sqlite', s({}))).toBe('Everything');
    expect(summaryAnswer('postgresql', 'postgresql', s({ runs: false, unsupported: 2 }))).toBe('2 columns cannot be created');
  });

  it('asks the portability question for the other targets', () => {
    expect(summaryQuestion('sqlite', 'postgresql')).toBe('Can it run on SQLite in tests?');
    expect(summaryQuestion('mysql', 'sqlite')).toBe('Can it run on MySQL?');
    expect(summaryAnswer('sqlite', 'postgresql', s({ lossy: 3 }))).toBe('Yes, with losses');
    expect(summaryAnswer('mysql', 'sqlite', s({ runs: false, unsupported: 1 }))).toBe('No');
    expect(summaryAnswer('mysql', 'sqlite', s({}))).toBe('Yes');
  });
});
