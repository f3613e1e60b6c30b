// The level checklist, written from the seed articles. Each item says why it matters and how it is detected.
import type { LevelItem } from './item';
import { LEVEL1_ITEMS } from './items/level1';
import { LEVEL2_ITEMS } from './items/level2';
import { LEVEL3_ITEMS } from './items/level3';
import { LEVEL4_ITEMS } from './items/level4';
import { LEVEL5_ITEMS } from './items/level5';

/** Level names as the seed articles give them. */
export const LEVEL_TITLES: Record<number, string> = {
  1: 'Notebook experiments',
  2: 'Structured project',
  3: 'Production deployment',
  4: 'Scalable ML systems',
  5: 'Frontier research',
};

/** Every checklist item, by level. */
export const LEVEL_ITEMS: readonly LevelItem[] = [
  ...LEVEL1_ITEMS,
  ...LEVEL2_ITEMS,
  ...LEVEL3_ITEMS,
  ...LEVEL4_ITEMS,
  ...LEVEL5_ITEMS,
];
