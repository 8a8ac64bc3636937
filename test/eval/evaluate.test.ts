import { describe, expect, it } from 'vitest';
import { evaluate, type EvalItem } from '../../src/main/eval/evaluate.js';
import { learnability } from '../../src/main/eval/learned.js';
import { buriedAlbums, colourAlbums, shuffledLabels } from './synthetic.js';

const COLOUR_KINDS = [
  { name: 'color', version: 1, dim: 3 },
  { name: 'tiny', version: 1, dim: 64 },
];
const BURIED_KINDS = [
  { name: 'a', version: 1, dim: 48 },
  { name: 'b', version: 1, dim: 48 },
];

/** With 300 albums (~45,000 pairs), chance-level AUC stays within this of 0.5. */
const CHANCE_TOLERANCE = 0.03;

describe('evaluate', () => {
  it('finds that covers predict labels that follow their colour, through the colour kind only', () => {
    const report = evaluate({ items: colourAlbums(300, 1), kinds: COLOUR_KINDS, mixes: [], learned: false });
    expect(report.labelled).toBe(300);
    expect(report.kinds.color.auc).toBeGreaterThan(0.8);
    expect(report.kinds.color.precisionAt10).toBeGreaterThan(0.8);
    expect(Math.abs(report.kinds.tiny.auc - 0.5)).toBeLessThan(CHANCE_TOLERANCE);
  });

  it('gives chance-level AUC and precision for shuffled labels', () => {
    const report = evaluate({ items: shuffledLabels(colourAlbums(300, 1), 5), kinds: COLOUR_KINDS, mixes: [], learned: false });
    expect(Math.abs(report.kinds.color.auc - 0.5)).toBeLessThan(CHANCE_TOLERANCE);
    expect(Math.abs(report.kinds.color.precisionAt10 - 1 / 3)).toBeLessThan(0.05);
  });

  it('scores a mix as the weighted sum of its kinds’ cosines', () => {
    const mix = [
      { name: 'color', weight: 0.5 },
      { name: 'tiny', weight: 0.5 },
    ];
    const report = evaluate({ items: colourAlbums(300, 1), kinds: COLOUR_KINDS, mixes: [mix], learned: false });
    const score = report.kinds['color:0.5,tiny:0.5'];
    expect(score.auc).toBeGreaterThan(0.5);
    expect(score.auc).toBeLessThan(report.kinds.color.auc);
  });

  it('learns the few directions that decide the labels: learned beats every raw kind under cross-validation', () => {
    const report = evaluate({ items: buriedAlbums(300, 2), kinds: BURIED_KINDS, mixes: [], learned: true });
    const learned = report.kinds.learned;
    expect(learned.crossValidated?.folds).toBe(5);
    expect(learned.auc).toBeGreaterThan(report.kinds.a.auc + 0.05);
    expect(learned.auc).toBeGreaterThan(report.kinds.b.auc + 0.1);
  });

  it('does not learn from shuffled labels (cross-validated AUC stays near chance)', () => {
    const report = evaluate({ items: shuffledLabels(buriedAlbums(300, 2), 9), kinds: BURIED_KINDS, mixes: [], learned: true });
    expect(Math.abs(report.kinds.learned.auc - 0.5)).toBeLessThan(CHANCE_TOLERANCE + 0.01);
  });

  it('gives the same numbers for the same inputs', () => {
    const request = { items: buriedAlbums(120, 4), kinds: BURIED_KINDS, mixes: [], learned: true };
    expect(evaluate(request)).toEqual(evaluate(request));
  });

  it('leaves near-duplicate covers out of aucWithoutDuplicates', () => {
    // Every album has an identical second edition with a different label: duplicates drag AUC down.
    const items: EvalItem[] = colourAlbums(150, 3).flatMap((item, i) => [item, { ...item, label: ['red', 'green', 'blue'][(i + 1) % 3] }]);
    const report = evaluate({ items, kinds: COLOUR_KINDS, mixes: [], learned: false });
    expect(report.duplicates.albums).toBe(300);
    expect(report.kinds.color.aucWithoutDuplicates).toBeGreaterThan(report.kinds.color.auc);
  });

  it('refuses to learn from too few labelled albums, and says why', () => {
    const few = evaluate({ items: buriedAlbums(20, 1), kinds: BURIED_KINDS, mixes: [], learned: true });
    expect(few.kinds.learned).toBeUndefined();
    expect(few.learnedUnavailable).toMatch(/only 20 labelled albums.*at least 30/);
    // Learnable as a whole (two labels with 5 albums), but holding out a fold leaves the smaller label 4.
    const tight = buriedAlbums(40, 1, 2).map((item, i) => ({ ...item, label: i < 35 ? 'many' : 'few' }));
    const held = evaluate({ items: tight, kinds: BURIED_KINDS, mixes: [], learned: true });
    expect(held.kinds.learned).toBeUndefined();
    expect(held.learnedUnavailable).toMatch(/too few albums per label to hold out one fold/);
    const oneLabel = learnability(Int32Array.from({ length: 40 }, (_, i) => (i < 36 ? 0 : i)));
    expect(oneLabel.ok).toBe(false);
    expect(oneLabel.ok === false && oneLabel.reason).toMatch(/only 1 label has 5 or more albums/);
  });
});
