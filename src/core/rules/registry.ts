// The one list of all rules. A test fails when a rule is missing docs, fixtures or its entry here.
import type { Rule } from './rule';
import { preprocessingLeakage } from './ml101PreprocessingLeakage';
import { resamplingBeforeSplit } from './ml102ResamplingBeforeSplit';
import { testSetUsedForSelection } from './ml103TestSetUsedForSelection';
import { shuffledSplitOnTimeSeries } from './ml104ShuffledSplitOnTimeSeries';
import { transformerRefitOnTestData } from './ml105TransformerRefitOnTestData';
import { statisticsBeforeSplit } from './ml106StatisticsBeforeSplit';
import { vocabularyBeforeSplit } from './ml107VocabularyBeforeSplit';
import { targetLeakage } from './ml108TargetLeakage';
import { evaluatedOnTrainingData } from './ml201EvaluatedOnTrainingData';
import { noHeldOutData } from './ml202NoHeldOutData';
import { tuningWithoutValidationSplit } from './ml203TuningWithoutValidationSplit';
import { accuracyOnlyOnImbalancedTarget } from './ml204AccuracyOnlyOnImbalancedTarget';
import { unseededRandomness } from './ml301UnseededRandomness';
import { hardCodedHyperparameters } from './ml401HardCodedHyperparameters';
import { hardCodedDataPath } from './ml402HardCodedDataPath';
import { absoluteUserPath } from './ml403AbsoluteUserPath';
import { cellsRunOutOfOrder } from './ml501CellsRunOutOfOrder';
import { unexecutedCellBetweenExecuted } from './ml502UnexecutedCellBetweenExecuted';
import { importsAfterFirstCell } from './ml503ImportsAfterFirstCell';
import { untitledOrCopyNotebookName } from './ml504UntitledOrCopyNotebookName';
import { veryLongCell } from './ml505VeryLongCell';

/** Every rule ML Coach has, in code order. */
export const ALL_RULES: readonly Rule[] = [
  preprocessingLeakage,
  resamplingBeforeSplit,
  testSetUsedForSelection,
  shuffledSplitOnTimeSeries,
  transformerRefitOnTestData,
  statisticsBeforeSplit,
  vocabularyBeforeSplit,
  targetLeakage,
  evaluatedOnTrainingData,
  noHeldOutData,
  tuningWithoutValidationSplit,
  accuracyOnlyOnImbalancedTarget,
  unseededRandomness,
  hardCodedHyperparameters,
  hardCodedDataPath,
  absoluteUserPath,
  cellsRunOutOfOrder,
  unexecutedCellBetweenExecuted,
  importsAfterFirstCell,
  untitledOrCopyNotebookName,
  veryLongCell,
];

/** Finds a rule by code (`ML101`) or name (`fit-before-split`), case-insensitively. */
export function findRule(codeOrName: string): Rule | undefined {
  const key = codeOrName.toLowerCase();
  return ALL_RULES.find((r) => r.meta.code.toLowerCase() === key || r.meta.name === key);
}
