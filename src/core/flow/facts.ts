// The facts the data-flow pass records about one Python unit: where data comes from, how it is split,
// which library objects are fit on what, and what is evaluated on what. Rules only read these facts.
import type { CallExpr, ForStmt, FunctionDefStmt, Span } from '../python/ast';

/** The role a split part plays. `val` parts come from splitting a training part, or from names like `X_val`. */
export type PartKind = 'train' | 'val' | 'test';

/** A part of a split: which split, and which side. */
export interface PartMark {
  kind: PartKind;
  split: SplitEvent;
}

/** One value that holds rows of data (a frame, an array, a column, predictions, ...). */
export interface DataNode {
  id: number;
  /** The expression that produced it. */
  span: Span;
  /** The data it was derived from (rows flow from parents to child). */
  parents: DataNode[];
  /**
   * Set for data read by a library loader (or of unknown origin): the qualified loader and the literal path, when
   * written out. `pathName` is the name an unknown path is held by (`test_path`, `args.test_csv`, `cfg["test_file"]`),
   * which says which split the file holds when its text cannot be known; it never connects files.
   */
  source?: { qualified: string; path?: string; pathName?: string; guessed?: boolean };
  /**
   * Set on the rows an instance of a class of another module of the project was made from (`FeatureEngineering(df)`):
   * the class's qualified name, so a method called on it (`.process()`) is a call of that module.
   */
  ownClass?: string;
  /** Split parts this node carries rows of (inherited from parents). */
  parts: PartMark[];
  /** Set when this node is the direct output of a split, so a target name can refine the side. */
  splitOutput?: PartMark;
  /** Output of `fit_resample` (or `sklearn.utils.resample` with replacement). */
  resampledBy?: ResampleEvent;
  /** Predictions of a model on some data. */
  prediction?: { object: MlObject; fit: FitEvent | undefined; input: DataNode | undefined };
  /** Evidence that rows are in time order (sorted by date, shift/rolling/diff features, datetime index). */
  timeOrdered?: { span: Span; why: string };
  /** Set for a slice by position of time-ordered rows (`df.iloc[:cut]`): a cut-off in time. */
  timeCut?: Span;
  /** Set when the node has other rows than its parent (a filter, `dropna`, `groupby`, a loop element). */
  rowsChanged?: boolean;
  /** Set for the first rows by position (`data[:n_train]`, `X.iloc[:cut]`): the rows they were cut from. */
  headOf?: DataNode;
  /** Set on rows picked by a boolean mask (`df[df.label == 1]`): the rows of one group, such as one class. */
  masked?: boolean;
  /** Set when the value is a statistic of rows (a mean, a count table, a correlation matrix), not rows. */
  stat?: StatEvent;
  /** The column a plain pick (`df["age"]`, `df.age`, `df.pop("age")`) took, when written out. */
  column?: string;
  /** Set on one column picked by its name (`df["text"]`, `df.text`): a Series, whose `apply` runs on each value. */
  series?: boolean;
  /**
   * Set on a pick of columns by position with every row kept (`X.iloc[:, cols]`, `X[:, mask]`): its rows are its
   * first parent's.
   */
  columnPick?: boolean;
  /**
   * Set on a column pick by every column but some (`df[[c for c in df.columns if c not in {"id", "y"}]]`): the names
   * left out. Any other column is kept.
   */
  allBut?: string[];
  /**
   * Set when the node has exactly the rows of another node, though not only its columns (a column assigned or
   * dropped).
   */
  rowsOf?: DataNode;
  /** A frame whose columns were assigned one by one since `base`: which values each of them holds. */
  frame?: { base: DataNode; columns: Map<string, DataNode[]> };
  /** The columns a pick by a written-out list of names took (`df[["age", "fare"]]`, `df[predictors]`). */
  columns?: string[];
  /**
   * Set on the column names of a frame (`df.columns`, `list(df.columns)`): every column but the names listed, taken
   * out since (`[c for c in df.columns if c not in drop]`, `cols.remove("Age")`). A pick by them drops those.
   */
  columnsBut?: string[];
  /** The labels a booster's own container holds (`lgb.Dataset(X, label=y)`): the target of a booster trained on it. */
  boosterLabel?: DataNode;
  /** Set on a frame's row labels (`df.index`): they name its rows, not what is in them. */
  labels?: boolean;
  /** Set on `groupby` results and their column picks: statistics of them are per-group. */
  grouped?: boolean;
  /** Set on `rolling`/`ewm`/`expanding`/`resample` windows: statistics of them are per window, not over all rows. */
  windowed?: boolean;
  /**
   * Set on a window that ends at each row itself (`df["y"].rolling(3)`, not after `.shift(1)` nor with
   * `closed="left"`), or a difference with another row (`df["y"].diff()`): it takes in the row's own value.
   */
  ownRowInWindow?: boolean;
  /** Set on `.any(axis=1)` / `.all(axis=1)` of data: one answer per row over all of its columns. */
  acrossColumns?: boolean;
  /** Set on one element of iterated rows (`for doc in X`, `[f(x) for x in X]`): statistics of it are per item. */
  item?: boolean;
  /**
   * Set on a loop variable that is each of several data in turn (`for X_, y_ in [(X_train, y_train), (X_test,
   * y_test)]`): those data, one per pass.
   */
  eachOf?: DataNode[];
  /**
   * Set on a file read in each turn of a loop from a path that changes (`for f in files: seg = pd.read_csv(f)`): its
   * statistics taken in the same turn are features of that one file (a signal segment's mean), not of all rows.
   */
  readEachTurn?: LoopContext;
  /**
   * Set on the rows of one group that a loop takes in each turn (`for key, g in df.groupby(k)`): their statistics
   * taken in the same turn are per-group statistics, as `df.groupby(k)[c].mean()` is.
   */
  groupEachTurn?: LoopContext;
  /** Set on rows concatenated from separately loaded train and test data (`pd.concat([train, test])`). */
  concatOfFiles?: boolean;
  /**
   * On such a concatenation: the columns that mark which file each row came from, given one value per file before
   * they were stacked (`train["is_train"] = 1`, `test["is_train"] = 0`).
   */
  fileMarkers?: string[];
  /** Set on a frame whose column was just given one value for every row (`train["is_train"] = 1`). */
  marker?: { column: string; value: string | number | boolean };
  /** Set on the rows of one stacked file picked back by its marker (`df[df.is_train == 1]`): no other file's rows. */
  oneFile?: boolean;
  /** Set on data a loader says is the test split (`CIFAR10(train=False)`, `load_dataset(..., split="test")`). */
  testSplitSource?: boolean;
  /** Set on data a loader says is the training split (`CIFAR10(train=True)`, the first of Keras's `load_data()`). */
  trainSplitSource?: boolean;
  /**
   * Set when the value is a table that categories were fixed for beforehand (`pd.Categorical(..., categories=...)`).
   */
  fixedCategories?: boolean;
  /** Set on `pd.cut` with its bins written out: its categories are those bins, whatever the rows hold. */
  fixedBins?: boolean;
  /**
   * Set on a column turned into a category dtype whose categories are those present (`astype("category")`,
   * `pd.Categorical(col)`): where, and the rows they were learned from. Its codes (`.cat.codes`) number them.
   */
  categoriesOf?: { span: Span; qualified: string; input: DataNode };
  /**
   * Set on what a metric curve returns (`fpr, tpr, thresholds = roc_curve(y, p)`): where, and the data predicted
   * on.
   */
  curve?: { span: Span; input: DataNode | undefined };
  /** Evaluation order, for "later" questions (function bodies run when they are called). */
  seq: number;
}

/** What a statistic of rows is: a column summary, a per-group summary, or what a fitted model says of the columns. */
export type StatKind = 'summary' | 'group' | 'selection';

/** A statistic computed over rows: `df.age.median()`, `X.mean()`, `value_counts()`, `corr()`, `model.coef_`. */
export interface StatEvent {
  id: number;
  kind: StatKind;
  span: Span;
  /** `median`, `value_counts`, `coef_`, ... */
  method: string;
  /** The rows summarised. */
  input: DataNode;
  /** For per-group statistics: the column summarised (`df.groupby("city")["price"].mean()` → price). */
  column?: string;
  /** Set when taken inside a function of this unit called from its top level: that call (where the rows come in). */
  site?: CallExpr;
  /** For what a fitted model or selector says of the columns (`scores_`, `support_`): the fit it says it of. */
  fit?: Span;
  /** Set on a statistic of one group a loop takes in each turn (`for k, g in df.groupby(c): g["x"].median()`). */
  ofGroupInLoop?: boolean;
  seq: number;
}

/** A statistic of rows applied back to rows: `fillna(median)`, `(X - mean) / std`, `X[:, mask]`, `isin(rare)`. */
export interface StatUse {
  id: number;
  span: Span;
  stat: StatEvent;
  output: DataNode;
  /** Set when the result only decides which rows to keep (`df[df.x < df.x.quantile(.99)]`). */
  rowFilter?: boolean;
  /**
   * Set on a row filter whose mask compares every column of a frame with its own bounds and keeps a row by all of
   * them (`df[~((df < q1 - k) | (df > q3 + k)).any(axis=1)]`): an outlier box around the features.
   */
  box?: boolean;
  /**
   * Set when the statistic only moves values by one constant (`df.year.max() - df.year`, `x - x.mean()`): a
   * translation, which no model learns anything from.
   */
  shift?: boolean;
  /** Set inside a function of this unit called from its top level: that call (where the rows come in). */
  site?: CallExpr;
  seq: number;
}

/** Category vocabularies learned by `pd.get_dummies` (the encoders are fits of transformers). */
export interface VocabularyEvent {
  id: number;
  span: Span;
  qualified: string;
  input: DataNode;
  output: DataNode;
  /**
   * For `get_dummies` with prefixes written out (or its `columns=` list): the names its new columns start with
   * (`Month` and `_` make `Month_1`, ...), and the columns they were made from, which are none of them.
   */
  dummyColumns?: { prefixes: string[]; sep: string; sources: string[] };
  seq: number;
}

/** Data written to a file (`to_csv`, `to_parquet`, `np.save`, ...). */
export interface WriteEvent {
  span: Span;
  data: DataNode;
  /** The literal path, when written out. */
  path?: string;
  seq: number;
}

/** Data a function of the module returns (`return df`, `return train, test`), for the files that import it. */
export interface ReturnEvent {
  /** The module-level function's name. */
  fn: string;
  span: Span;
  data: DataNode;
  /** The position of the data in a returned tuple (`return X_train, X_test, y_train, y_test`). */
  index?: number;
  /** The key of that position in a returned dict written out (`return {"X_train": X_train, ...}`). */
  key?: string;
}

/** A call of a function that no known library provides (`from preprocess import clean`), and the data it returns. */
export interface ForeignCall {
  qualified: string;
  span: Span;
  data: DataNode;
  /** The data of each positional argument, and of each keyword argument by name. */
  args: Array<DataNode | undefined>;
  keywords: Map<string, DataNode>;
  /**
   * The arguments by position (`"0"`, `"1"`, ...) and keyword name: the constant written (`strategy="mean"`), or
   * undefined for anything else; `"*"` when the call unpacks arguments.
   */
  consts?: Map<string, ConstArg | undefined>;
}

/** A constant argument: a string, number, boolean or `None`. */
export type ConstArg = string | number | boolean | null;

/**
 * What other files of the project say of a unit's data, for a second run of its flow pass: the split parts that
 * the files calling its functions hand them, that the functions it calls return, and that the files it reads hold.
 * The parts stand for a split made elsewhere, one per function, callee or written split.
 */
export interface FlowSeeds {
  /** By top-level function name (`Class.method` for a method): the part each parameter is handed, by its name. */
  params: Map<string, Map<string, PartKind>>;
  /** By the qualified name the unit calls: the part at each position of the tuple the function returns. */
  results: Map<string, Array<PartKind | undefined>>;
  /**
   * By the qualified name the unit calls: the key of each position, when the function returns the parts in a dict
   * written out (`data = load_split(); data["X_test"]`).
   */
  resultKeys?: Map<string, Array<string | undefined>>;
  /** Files another unit wrote a split part to: the path it wrote, the part, and the split it came from. */
  files: Array<{ path: string; kind: PartKind; group: string }>;
  /**
   * By the qualified name the unit calls: the library object another module's function returns, which the unit then
   * fits (`preprocessor = create_preprocessor()`): at [0] when returned alone, at [i + 1] when at position i of a
   * returned tuple.
   */
  objects: Map<string, Array<MlObject | undefined>>;
  /**
   * By the qualified name the unit calls: for each position of the tuple the function returns, the argument (by the
   * caller's position) whose rows alone it returns, transformed (`return scaled_train, scaled_test` of
   * `scale(X_train, X_test)`): what comes back there is still that argument's part.
   */
  passes?: Map<string, number[]>;
  /**
   * By the qualified name the unit calls: the positions (by the caller's position) of the parameters another module's
   * function calls a prediction method on (`def evaluate_model(model, X_test, y_test): model.predict(X_test)`): what
   * the unit hands there is a model.
   */
  modelParams?: Map<string, number[]>;
  /**
   * By the qualified name of another module's class the unit makes instances of: the side of a split each attribute
   * holds once the class's methods have run (`X_test`), and each method that only returns one (`x_test()`, keyed with
   * its parentheses).
   */
  members?: Map<string, Map<string, PartKind>>;
  /** Qualified names of other modules' methods that return their instance (`return self`), to chain calls on. */
  fluent?: ReadonlySet<string>;
  /** Qualified names of the project's own model classes the unit imports (a class with `fit` and `predict`). */
  models?: ReadonlySet<string>;
  /**
   * By the qualified name the unit calls: another module's function that returns the rows a loader read from the path
   * one of its parameters holds (`def load_data(path): return pd.read_csv(path)`): that parameter's position and name,
   * and the loader. A call handing it a literal path (`load_data("data/clean.csv")`) reads that file.
   */
  loads?: Map<string, LoaderParam>;
  /**
   * By top-level function name: the constant every call of the project's other files hands a parameter that picks a
   * branch of the function (`handle_missing(df, strategy="mean")` for `if strategy == "mean":`), by parameter name.
   */
  consts?: Map<string, Map<string, ConstArg>>;
}

/** The parameter of a function holding the path its loader reads (`path` of `def load_data(path)`), and the loader. */
export interface LoaderParam {
  index: number;
  name: string;
  loader: string;
}

/** What kind of library object a value is. */
export type ObjectRole =
  | 'estimator'
  | 'transformer'
  | 'resampler'
  | 'search'
  | 'pipeline'
  | 'column-transformer'
  | 'splitter'
  | 'keras-model'
  | 'callback';

/** An object constructed from a known library class (a scaler, a model, a KFold, a keras model, ...). */
export interface MlObject {
  id: number;
  role: ObjectRole;
  qualified: string;
  /** The constructor call. */
  call: CallExpr;
  /** Objects passed in: pipeline steps, a search's estimator. */
  inner: MlObject[];
  /** Names of loop variables (or Optuna trials) that flow into the constructor or `set_params`. */
  tunedBy: LoopContext[];
  /**
   * What a fitted model, a correlation matrix or variances say of the columns, handed to the constructor
   * (`TopFeatureSelector(forest.feature_importances_, k)` as a step).
   */
  selectedBy?: Array<{ stat: StatEvent; span: Span }>;
  /** The rows and target a statsmodels model is given at construction (`sm.OLS(y, X)`), which its `fit()` fits. */
  given?: { rows?: DataNode; target?: DataNode };
  seq: number;
  /** Set on a search whose fold scores are read (`best_score_`, `cv_results_`): its folds give a score too. */
  foldScoresRead?: boolean;
}

/** A `for` loop (or an Optuna objective) that events happen inside. */
export interface LoopContext {
  id: number;
  span: Span;
  stmt?: ForStmt;
  fn?: FunctionDefStmt;
  /** Names the loop binds (for an objective: the trial parameter). */
  names: Set<string>;
  /** The column names a loop over a written-out list of them goes through (`for c in ["Age", "Fare"]:`). */
  overNames?: string[];
}

/** A split into parts: `train_test_split`, a manual slice into names like `X_test`, or CV folds. */
export interface SplitEvent {
  id: number;
  kind: 'holdout' | 'manual' | 'cv';
  /** The call or expression that splits. */
  span: Span;
  /** The splitting call, for `train_test_split` (fixes edit it). */
  call?: CallExpr;
  /** The data being split. */
  inputs: DataNode[];
  /** For `train_test_split`: whether rows are shuffled (the default); for CV: whether the splitter shuffles. */
  shuffled: boolean;
  /** Set on a manual split that takes train and test files apart again after they were concatenated. */
  rejoin?: boolean;
  /** The qualified splitter (`sklearn.model_selection.train_test_split`, `...KFold`, ...). */
  qualified: string;
  /** Set when CV runs inside a library call (`cross_val_score`, a search's `fit`): the estimator it clones. */
  estimator?: MlObject;
  /** For the folds of a search's `fit`: the search. */
  search?: MlObject;
  /** Set inside a function of this unit called from its top level: that call (where the rows come in). */
  site?: CallExpr;
  /**
   * Set on a split made in another file of the project, whose parts come in here: handed to a function's parameters,
   * returned by another module's function, or read from the files it was written to.
   */
  given?: 'param' | 'result' | 'member' | 'file' | 'signature';
  /**
   * Set on `train_test_split` whose held-out parts are discarded (`X_train, _, y_train, _ = ...`) in a unit that
   * scores nothing, or whose parts are all bound anew before any is read: the split holds out no rows that anything
   * is computed on.
   */
  heldOutDiscarded?: true;
  seq: number;
}

/** `obj.fit(X, y)`, `fit_transform`, `fit_resample`, a search's fit. */
export interface FitEvent {
  id: number;
  object: MlObject;
  call: CallExpr;
  method: string;
  /** The X argument (and y, if given). */
  data: DataNode | undefined;
  target: DataNode | undefined;
  /** Keyword arguments' data, for `eval_set` / `validation_data`. */
  evalData: DataNode[];
  /** The evaluation set that decides when it stops, where only one does: XGBoost stops on the last entry. */
  watched?: DataNode[];
  /** Keyword names given to the fit. */
  keywords: Set<string>;
  /** Objects in `callbacks=`. */
  callbacks: MlObject[];
  loops: LoopContext[];
  /** Set inside a function of this unit called from its top level: that call (where the rows come in). */
  site?: CallExpr;
  seq: number;
}

/** Resampling: `fit_resample`, or sklearn's `resample(..., replace=True)`. */
export interface ResampleEvent {
  id: number;
  span: Span;
  qualified: string;
  inputs: DataNode[];
  seq: number;
}

/** A model's quality measured on data: `model.score(X, y)`, `metric(y, model.predict(X))`, keras `evaluate`. */
export interface EvalEvent {
  id: number;
  span: Span;
  object: MlObject;
  /** The fit in effect when evaluating. */
  fit: FitEvent | undefined;
  /** The features the model was evaluated on. */
  data: DataNode | undefined;
  /** For a metric function: the data it was given (labels, predictions, thresholded predictions). */
  inputs?: DataNode[];
  /** Set inside a function of this unit called from its top level: that call (where the rows come in). */
  site?: CallExpr;
  /** Inside functions of this unit: the calls that led here, outermost first. */
  calls?: CallExpr[];
  loops: LoopContext[];
  seq: number;
}

/** A CV function or search called with an estimator and data. */
export interface CvEvent {
  id: number;
  span: Span;
  qualified: string;
  estimator: MlObject | undefined;
  data: DataNode | undefined;
  /** The labels the folds are scored against (`y` of `cross_val_score(model, X, y)`), when given. */
  target?: DataNode;
  split: SplitEvent;
  seq: number;
}

/** Everything the flow pass learned about one unit. */
export interface FlowFacts {
  nodes: DataNode[];
  objects: MlObject[];
  splits: SplitEvent[];
  fits: FitEvent[];
  transforms: Array<{ fit: FitEvent; input: DataNode | undefined; output: DataNode; seq: number }>;
  resamples: ResampleEvent[];
  evals: EvalEvent[];
  cvs: CvEvent[];
  /** Keyword arguments that hold data out for validation (`validation_split=`, `validation_data=`, `eval_set=`). */
  heldOutKeywords: Span[];
  /** Assignments of data to names that say "test" or "validation", whatever produced them. */
  heldOutNames: Span[];
  /**
   * A best score or checkpoint kept by comparing a score computed over test-split data (`if acc > best_acc:
   * torch.save(...)`): in a loop over it, or (`scored`) a score of a model on it (`model.evaluate(test_ds)`).
   */
  bestOnTest: Array<{ span: Span; loop: Span; scored?: boolean }>;
  stats: StatEvent[];
  statUses: StatUse[];
  vocabularies: VocabularyEvent[];
  writes: WriteEvent[];
  /** What the module's top-level functions return: another file of the project may import and split it. */
  returns: ReturnEvent[];
  /**
   * Library objects the module's top-level functions return (`return ColumnTransformer(...)` in a
   * `create_preprocessor()`), with their position in a returned tuple: another file may import the function and fit
   * what it returns.
   */
  objectReturns: Array<{ fn: string; obj: MlObject; index?: number }>;
  /**
   * The rows the attributes of the module's top-level classes hold once their methods have run (`self.X_test` set by
   * a `split` method): another file may make an instance and read them.
   */
  classAttrs: Array<{ cls: string; attr: string; node: DataNode }>;
  /** Calls of functions of other modules, maybe of the project's own: what they return may be rows they shaped. */
  foreignCalls: ForeignCall[];
  /**
   * The parameters of the module's top-level functions, as the data they stand for: a file that imports such a
   * function (`split_data(df)`) hands it rows, which the function may split. A function nothing in the module calls
   * runs once with opaque parameters; one the module calls itself (`build_pipeline` calls `split_data`) gives, at each
   * call, the rows handed to it, and `body` is then the function's own span (only what it does to them there counts).
   */
  params: Array<{ fn: string; node: DataNode; body?: Span; name?: string; index?: number }>;
  /**
   * Names the unit uses as data without defining or importing them (a script cut from a notebook, run after another
   * that defines them): the rows each stands for, at its first use.
   */
  freeNames: Map<string, { node: DataNode; span: Span }>;
  /** The data each of the unit's top-level names holds at its end. */
  topLevel: Map<string, DataNode>;
}
