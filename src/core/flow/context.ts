// What the parts of the data-flow pass share during one run over a unit: the import table, the globals,
// the facts being recorded, the state of the unit's own functions (defined, called, being inlined), and
// the entry points the parts recurse through (an expression holds calls; a call evaluates expressions; a
// method can run a function of the unit it is handed).
import type { CallExpr, Expr, FunctionDefStmt, Span } from '../python/ast';
import type { ImportTable } from '../python/imports';
import type { FlowSeeds, PartKind } from './facts';
import type { FlowRecorder } from './record';
import type { OwnClass, Scope, Value } from './values';

export interface FlowContext {
  readonly imports: ImportTable;
  readonly globals: Scope;
  readonly rec: FlowRecorder;
  readonly fns: FunctionState;
  /** What other files of the project say of the unit's data (a second run of the pass), if anything. */
  readonly seeds?: FlowSeeds;
  /**
   * True when the unit calls a model's prediction methods on `name` (`clf.predict_proba(X)`): a model loaded into it
   * is one. The source is scanned on the first question only.
   */
  predicts(name: string): boolean;
  /**
   * True when the unit stacks rows anywhere (`pd.concat`, `.append`, `np.vstack`, `np.concatenate`, `np.r_`): a
   * Kaggle habit whose train and test frames the concatenation rules follow by their files. Scanned once.
   */
  stacksRows(): boolean;
  /**
   * The side of a split an assigned value is by its shape: the rows before a bound or from it on, when the unit
   * binds both (`past = df.iloc[:cut]`, `future = df.iloc[cut:]`). The unit is scanned on the first question only.
   */
  sliceSide(e: Expr): PartKind | undefined;
  expr(e: Expr, scope: Scope): Value;
  call(call: CallExpr, scope: Scope): Value;
  /** Runs a function of the unit handed to a method by name (`df.apply(fn)`) on `args`: all it can return. */
  applyFunction(def: FunctionDefStmt, args: Value[]): Value[];
}

/** The unit's own functions: those defined (each once), those called, and the calls being inlined. */
export class FunctionState {
  /** Every def met, with the attribute scope of its class for methods. */
  readonly defs: Array<{ def: FunctionDefStmt; cls?: Scope; closure?: Scope }> = [];
  private readonly defSeen = new Set<FunctionDefStmt>();
  readonly called = new Set<FunctionDefStmt>();
  /**
   * Objectives handed to a hyperparameter search that calls them with each candidate (`fmin(fn=objective, ...)` of
   * hyperopt, scikit-optimize's `gp_minimize(objective, space)`): their first parameter is the candidate.
   */
  readonly searchObjectives = new Set<FunctionDefStmt>();
  /** Functions being run, outermost first. */
  readonly stack: FunctionDefStmt[] = [];
  /** Per function being run: the loop over test-split data it holds, once met. */
  readonly testLoops: Array<Span | undefined> = [];
  /** A model's scores on test data computed so far (`model.evaluate(test_ds)`), by where each call starts. */
  readonly testScoreCalls = new Map<number, Span>();
  /** Names holding a model's score on test data (`test_loss, test_acc = model.evaluate(test_ds)`), and where. */
  readonly testScores = new Map<string, Span>();
  /** Values returned by the function being run. */
  returns: Value[] | undefined;
  /** The functions defined at the module's top level: what they return, other files may import. */
  readonly topLevel = new Set<FunctionDefStmt>();
  /** The methods of the classes defined at the module's top level, each named `Class.method`. */
  readonly topLevelMethods = new Map<FunctionDefStmt, string>();
  /** The unit's plain classes by their attribute scope: a method run on its own calls its class's other methods. */
  readonly classes = new Map<Scope, OwnClass>();
  /** Statements left to run inside called functions: inlining calls of calls must never blow up. */
  budget = 20_000;

  /** Lists a def once (a body runs once per call, so the same nested def is met again). */
  define(def: FunctionDefStmt, cls: Scope | undefined, closure?: Scope): void {
    if (this.defSeen.has(def)) return;
    this.defSeen.add(def);
    this.defs.push({ def, cls, closure });
  }
}
