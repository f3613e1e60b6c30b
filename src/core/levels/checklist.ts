// The level checklist, written from the seed articles. Each item says why it matters and how it is detected.
import type { LevelItem } from './item';

/** Level names as the seed articles give them. */
export const LEVEL_TITLES: Record<number, string> = {
  1: 'Notebook experiments',
  2: 'Structured project',
  3: 'Production deployment',
  4: 'Scalable ML systems',
  5: 'Frontier research',
};

/** Every checklist item, by level. */
export const LEVEL_ITEMS: readonly LevelItem[] = [];
