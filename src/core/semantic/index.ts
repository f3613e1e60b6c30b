// The semantic index: what the code of a unit and of a project means, computed lazily and at most once,
// asked by every rule, checklist item, fix and scaffold instead of each deriving it again.
//
// A `UnitIndex` depends on its unit alone, so it is kept with the unit object: the parse cache keeps the
// units of unchanged files between editor runs, and their index (calls, data flow, facts) comes along.
// A `ProjectIndex` holds what depends on the whole project (its stage, the units' indexes, cross-file
// questions) and lives for one analysis.
//
// The members below are derived in this layer. Layers above (facts, infra, rules, levels, fixes) declare
// their own cached values as derivations: a typed constant that names one computation, so a value is
// computed once whoever asks, and two modules cannot store different things under one name.
import type { AssignStmt, ConstantExpr } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import type { ProjectModel } from '../project/model';
import { type ProjectStage, projectStage } from './stage';
import { holdsTests } from '../project/testFiles';
import type { FlowFacts, LoopContext } from '../flow/facts';
import { analyzeFlow } from '../flow/analyze';
import {
  calleeModule,
  classMethodCall,
  flowMatters,
  lastName,
  modulesByName,
  pipelineUnits,
  returnsTables,
  writesTables,
} from '../flow/queries';
import { seedsFor } from '../flow/seeds';
import { type CallSite, type ClassInfo, type UnitCalls, collectCalls, collectClasses, collectStrings } from './calls';
import { collectSimpleAssignments, collectSoleAssignments, unitTrainsModel } from './callFacts';
import {
  type DataRead,
  type PathLiteral,
  collectDataPathLiterals,
  collectDataReads,
  collectPathUses,
} from './pathLiterals';
import { type HoldoutSplit, collectHoldoutSplits } from './splits';
import { type ColumnUse, collectColumnUse } from './columns';
import { isTrainableClass } from '../libraries/training';
import { type HyperparameterSite, collectHyperparameterSites } from './hyperparameters';
import { heldOutEvidence } from './heldOutData';
import { type SeedScope, collectSeeds } from './seeds';

/** A value computed from one unit's index, declared once by the module that computes it. */
export interface UnitDerivation<T> {
  /** What it is, for debugging and error messages. */
  readonly name: string;
  compute(index: UnitIndex): T;
}

/** A value computed from a project's index, declared once by the module that computes it. */
export interface ProjectDerivation<T> {
  readonly name: string;
  compute(index: ProjectIndex): T;
}

/** A value computed for one unit that also depends on its project (a fix that writes a project file). */
export interface ProjectUnitDerivation<T> {
  readonly name: string;
  compute(index: ProjectIndex, unit: UnitIndex): T;
}

/** One unit's semantic index. Get it with `unitIndex(unit)`, which keeps one per unit object. */
export class UnitIndex {
  private calls_?: UnitCalls;
  private strings_?: ConstantExpr[];
  private classes_?: ClassInfo[];
  private assignments_?: Map<string, AssignStmt[]>;
  private soleAssignments_?: Map<string, AssignStmt[]>;
  private flow_?: FlowFacts;
  private modelFlow_?: FlowFacts | null;
  private trainsModel_?: boolean;
  private pathUses_?: PathLiteral[];
  private dataReads_?: DataRead[];
  private dataPathLiterals_?: PathLiteral[];
  private holdoutSplits_?: HoldoutSplit[];
  private columns_?: ColumnUse;
  private modelFits_?: CallSite[];
  private tuningLoops_?: LoopContext[];
  private hyperparameterSites_?: HyperparameterSite[];
  private seeds_?: Set<SeedScope>;
  private readonly derived = new Map<UnitDerivation<unknown>, unknown>();

  constructor(readonly unit: PythonUnit) {}

  /** Every call in source order with what it resolves to, the receivers' bindings, and the classes. */
  get calls(): UnitCalls {
    this.calls_ ??= collectCalls(this.unit, this.classes);
    return this.calls_;
  }

  /** Every call of the unit in source order, with what it resolves to. */
  get callSites(): CallSite[] {
    return this.calls.calls;
  }

  /**
   * Every string literal of the unit in walk order: from the walk that found its calls when that was made,
   * else from a walk of its own (which finds no calls, so costs less than the calls would).
   */
  get strings(): ConstantExpr[] {
    this.strings_ ??= this.calls_ ? this.calls_.strings : collectStrings(this.unit);
    return this.strings_;
  }

  /** The classes the unit defines, with their bases resolved (without reading any call). */
  get classes(): ClassInfo[] {
    this.classes_ ??= collectClasses(this.unit);
    return this.classes_;
  }

  /** Simple assignments `name = value` by name, in source order (tuple targets are left out). */
  get assignments(): Map<string, AssignStmt[]> {
    this.assignments_ ??= collectSimpleAssignments(this.unit);
    return this.assignments_;
  }

  /** Statements `name = ...` with one plain name as their only target, by name, in source order. */
  get soleAssignments(): Map<string, AssignStmt[]> {
    this.soleAssignments_ ??= collectSoleAssignments(this.unit);
    return this.soleAssignments_;
  }

  /** The data-flow facts of the unit. */
  get flow(): FlowFacts {
    this.flow_ ??= analyzeFlow(this.unit);
    return this.flow_;
  }

  /**
   * The flow facts when the unit imports a library the flow pass models, else undefined: without one no
   * fit, split or evaluation can come out of the pass, so rules skip it.
   */
  get modelFlow(): FlowFacts | undefined {
    if (this.modelFlow_ === undefined)
      this.modelFlow_ =
        flowMatters(this.unit) || writesTables(this.unit) || returnsTables(this.unit) ? this.flow : null;
    return this.modelFlow_ ?? undefined;
  }

  /** True when the unit trains a model: it imports an ML library and fits, trains or back-propagates. */
  get trainsModel(): boolean {
    this.trainsModel_ ??= unitTrainsModel(this.unit, this.callSites);
    return this.trainsModel_;
  }

  /** Every string literal that reaches an I/O call as the start of a path. */
  get pathUses(): PathLiteral[] {
    this.pathUses_ ??= collectPathUses(this);
    return this.pathUses_;
  }

  /** Every literal that starts the path of a file a pandas, Polars or NumPy loader reads. */
  get dataReads(): DataRead[] {
    this.dataReads_ ??= collectDataReads(this);
    return this.dataReads_;
  }

  /** The literal data paths written right into loader calls. */
  get dataPathLiterals(): PathLiteral[] {
    this.dataPathLiterals_ ??= collectDataPathLiterals(this.dataReads);
    return this.dataPathLiterals_;
  }

  /** The `train_test_split`-like calls in source order, with their sizes, shuffling, stratification and seed. */
  get holdoutSplits(): HoldoutSplit[] {
    this.holdoutSplits_ ??= collectHoldoutSplits(this.callSites);
    return this.holdoutSplits_;
  }

  /** The columns the unit names as its target and its features. */
  get columns(): ColumnUse {
    this.columns_ ??= collectColumnUse(this.unit, this.holdoutSplits);
    return this.columns_;
  }

  /** `.fit` calls on a model, pipeline or search (or a Keras model) built from a library class. */
  get modelFits(): CallSite[] {
    this.modelFits_ ??= this.callSites.filter((s) => s.method === 'fit' && isTrainableClass(s.receiverType));
    return this.modelFits_;
  }

  /**
   * Hyperparameter loops: a `for` loop (or an Optuna objective) whose variable flows into a model's
   * constructor or `set_params`, in source order. ML203 and ML103 ask which of them score on the test set;
   * the checklist counts every one of them as tuning.
   */
  get tuningLoops(): LoopContext[] {
    if (!this.tuningLoops_) {
      const flow = this.modelFlow;
      const loops = new Set<LoopContext>();
      if (flow) for (const o of flow.objects) for (const l of o.tunedBy) loops.add(l);
      this.tuningLoops_ = [...loops].sort((a, b) => a.span.from - b.span.from);
    }
    return this.tuningLoops_;
  }

  /** The trainer calls with enough literal hyperparameters to report, and those keywords. */
  get hyperparameterSites(): HyperparameterSite[] {
    this.hyperparameterSites_ ??= collectHyperparameterSites(this);
    return this.hyperparameterSites_;
  }

  /** The random generators the unit's calls seed. */
  get seeds(): ReadonlySet<SeedScope> {
    this.seeds_ ??= collectSeeds(this.callSites);
    return this.seeds_;
  }

  /** A value a higher layer derives from this index, computed once. */
  get<T>(derivation: UnitDerivation<T>): T {
    if (this.derived.has(derivation)) return this.derived.get(derivation) as T;
    const value = derivation.compute(this);
    this.derived.set(derivation, value);
    return value;
  }
}

const unitIndexes = new WeakMap<PythonUnit, UnitIndex>();

/** The index of a unit, one per unit object: it lives as long as the unit (the parse cache keeps it). */
export function unitIndex(unit: PythonUnit): UnitIndex {
  let index = unitIndexes.get(unit);
  if (!index) {
    index = new UnitIndex(unit);
    unitIndexes.set(unit, index);
  }
  return index;
}

/** How many units' seeds may be being found at once: each waits on the flows of the files that call it. */
const MAX_SEEDING_DEPTH = 32;

/** One project's semantic index, for one analysis. */
export class ProjectIndex {
  private stage_?: ProjectStage;
  private units_?: UnitIndex[];
  private heldOutEvidence_?: { value: string | undefined };
  private seeds_?: Set<SeedScope>;
  private readonly derived = new Map<ProjectDerivation<unknown>, unknown>();
  private readonly perUnit = new Map<ProjectUnitDerivation<unknown>, Map<UnitIndex, unknown>>();
  private readonly projectFlows = new Map<PythonUnit, FlowFacts>();
  private readonly seeding = new Set<PythonUnit>();
  private callers_?: Map<string, PythonUnit[]>;
  private drivers_?: Map<PythonUnit, boolean>;

  constructor(readonly project: ProjectModel) {}

  /**
   * The unit's data-flow facts with what the project's other files say of its data: the split parts its functions
   * are handed, the functions it calls return, the files it reads hold (see flow/seeds.ts). The unit's own flow
   * when they say nothing. Computed once per analysis; a unit met again while its own seeds are being found (files
   * calling each other) gets its own flow.
   */
  projectFlow(unit: PythonUnit): FlowFacts {
    const had = this.projectFlows.get(unit);
    if (had) return had;
    const own = this.unit(unit).flow;
    // Files calling each other, or a chain of files each handing its parts to the next deeper than any real pipeline
    // (a hostile repository's thousands): the unit's own flow, so the recursion stays shallow.
    if (this.seeding.has(unit) || this.seeding.size >= MAX_SEEDING_DEPTH) return own;
    this.seeding.add(unit);
    try {
      const seeds = seedsFor(this, unit);
      const flow = seeds ? analyzeFlow(unit, seeds) : own;
      this.projectFlows.set(unit, flow);
      return flow;
    } finally {
      this.seeding.delete(unit);
    }
  }

  /**
   * The flow facts rules read: the project's flow of a unit whose own flow matters (see `UnitIndex.modelFlow`), or of
   * a unit that drives the project's own ML modules (a notebook that imports `src.preprocessor` and `src.tuning`,
   * which import scikit-learn, and hands their functions the parts they return).
   */
  modelFlow(unit: UnitIndex): FlowFacts | undefined {
    return unit.modelFlow || this.drivesModelModules(unit.unit) ? this.projectFlow(unit.unit) : undefined;
  }

  /** True when the unit imports a module of the project whose own flow matters. */
  private drivesModelModules(unit: PythonUnit): boolean {
    this.drivers_ ??= new Map();
    let drives = this.drivers_.get(unit);
    if (drives === undefined) {
      const own = modulesByName(this);
      drives = false;
      for (const m of unit.imports.modules)
        if (own.get(m)?.some((u) => u !== unit && !holdsTests(u) && flowMatters(u))) {
          drives = true;
          break;
        }
      this.drivers_.set(unit, drives);
    }
    return drives;
  }

  /** The units that call a function of another module of the project by the name `fn` (from their call sites). */
  callersOf(fn: string): readonly PythonUnit[] {
    if (!this.callers_) {
      const own = modulesByName(this);
      const byName = new Map<string, PythonUnit[]>();
      // A test's calls hand a function rows of its own making (see `pipelineUnits`).
      for (const unit of pipelineUnits(this)) {
        const u = this.unit(unit);
        if (!unit.imports.modules.size) continue;
        for (const s of u.callSites) {
          // A function of another module, or a method of one of its classes called on an instance
          // (`prep.fit_transform(df)`, `prep` a `src.prep.Prep`).
          const q = s.qualified ?? (s.method && s.receiverType ? `${s.receiverType}.${s.method}` : undefined);
          if (!q) continue;
          if (!own.has(calleeModule(q)) && !own.has(classMethodCall(q)?.module ?? '')) continue;
          const name = lastName(q);
          const list = byName.get(name);
          if (!list) byName.set(name, [unit]);
          else if (list[list.length - 1] !== unit) list.push(unit);
        }
      }
      this.callers_ = byName;
    }
    return this.callers_.get(fn) ?? [];
  }

  /** The index of one of the project's units. */
  unit(unit: PythonUnit): UnitIndex {
    return unitIndex(unit);
  }

  /** The indexes of the project's Python units, in the project's order. */
  get units(): UnitIndex[] {
    this.units_ ??= this.project.python.map(unitIndex);
    return this.units_;
  }

  /** Whether the project is past Level 1, and why. */
  get stage(): ProjectStage {
    this.stage_ ??= projectStage(this.project);
    return this.stage_;
  }

  /**
   * True for a .py module that trains a model, outside tests, in a project past Level 1: the scope of the
   * configuration rules. Notebooks are exploration and stay out of it; a beginner's project stays quiet.
   */
  isStructuredTrainingCode(unit: UnitIndex): boolean {
    if (unit.unit.kind !== 'module' || holdsTests(unit.unit)) return false;
    if (!this.stage.pastLevelOne) return false;
    return unit.trainsModel;
  }

  /**
   * Evidence that the project holds data out outside the training code's data flow, or undefined: a
   * held-out data file or DVC pointer among the files, a DVC stage output named for a split, or code (not
   * the tests) that writes such a file.
   */
  get heldOutDataEvidence(): string | undefined {
    this.heldOutEvidence_ ??= { value: heldOutEvidence(this) };
    return this.heldOutEvidence_.value;
  }

  /** The random generators seeded anywhere in the project. */
  get seeds(): ReadonlySet<SeedScope> {
    if (!this.seeds_) {
      this.seeds_ = new Set();
      for (const u of this.units) for (const s of u.seeds) this.seeds_.add(s);
    }
    return this.seeds_;
  }

  /** A value a higher layer derives from the whole project, computed once per analysis. */
  get<T>(derivation: ProjectDerivation<T>): T {
    if (this.derived.has(derivation)) return this.derived.get(derivation) as T;
    const value = derivation.compute(this);
    this.derived.set(derivation, value);
    return value;
  }

  /** A value a higher layer derives for one unit of this project, computed once per analysis. */
  getFor<T>(derivation: ProjectUnitDerivation<T>, unit: UnitIndex): T {
    let values = this.perUnit.get(derivation);
    if (!values) {
      values = new Map();
      this.perUnit.set(derivation, values);
    }
    if (values.has(unit)) return values.get(unit) as T;
    const value = derivation.compute(this, unit);
    values.set(unit, value);
    return value;
  }
}

export type { CallSite, ClassInfo, UnitCalls, PathLiteral, DataRead, HyperparameterSite, HoldoutSplit, ColumnUse };
