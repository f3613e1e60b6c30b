// `api`: a FastAPI service that loads the model once, answers /health and /predict with a validated
// schema, and logs one JSON line per request (and Prometheus metrics when the client is installed).
import { PYTHON_KEYWORDS } from '../../python/keywords';
import type { ProjectModel } from '../../project/model';
import { fileText, pyLiteral } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { type ModuleLocation, placeModule } from '../layout';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';

/** Where the API module goes: `serve.py` in flat projects, `<pkg>/api.py` in packages. */
export function apiLocation(facts: ProjectFacts): ModuleLocation {
  return placeModule(facts, 'api.py', 'serve.py');
}

/** The model file the service loads by default. */
export function modelPathOf(facts: ProjectFacts): string {
  if (facts.modelPath) return facts.modelPath;
  if (facts.framework === 'torch') return 'models/model.pt';
  if (facts.framework === 'tensorflow') return 'models/model.keras';
  return 'models/model.joblib';
}

/** The api scaffold. */
export const apiScaffold: Scaffold = {
  id: 'api',
  title: 'Prediction API (FastAPI)',
  description:
    'A FastAPI service that loads the model once, exposes /health and /predict with a validated request schema, ' +
    'and logs each request as one JSON line with its latency.',
  level: 3,
  items: ['L3.serving', 'L3.monitoring'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const loc = apiLocation(facts);
    const notes: string[] = [];
    if (facts.app)
      notes.push(
        `Your code already defines a ${facts.app.framework} app in ${facts.app.module}; this adds a second one: ` +
          `keep the one you prefer.`,
      );
    notes.push(
      facts.modelPath
        ? `The service loads ${facts.modelPath}, where your code saves the model.`
        : `The service loads ${modelPathOf(facts)} (set MODEL_PATH to change it): save your trained model there.`,
    );
    if (modelPathOf(facts).match(/\.(pt|pth)$/))
      notes.push(
        'For PyTorch the service loads TorchScript (torch.jit.save(torch.jit.script(model), path)); a state_dict ' +
          'cannot be loaded without your model class: adapt get_model() if that is what you save.',
      );
    else if (/\.(json|ubj|txt|cbm|bin|model)$/.test(modelPathOf(facts)))
      notes.push(
        "Your code saves the model in the booster's own format; the service loads joblib files: save a joblib copy " +
          "(joblib.dump(model, 'models/model.joblib')) or adapt get_model().",
      );
    if (facts.features?.length)
      notes.push(`The request schema lists the feature columns your code selects: ${facts.features.join(', ')}.`);
    else
      notes.push(
        'No literal feature list was found in your code, so /predict accepts any columns; list them in the Row ' +
          'schema to validate requests.',
      );
    if (!facts.uses.has('fastapi'))
      notes.push('Add fastapi and uvicorn to your dependencies (prometheus-client too for /metrics).');
    notes.push(`Run it with: uvicorn ${loc.module}:app --reload`);
    return planFiles(project, [...loc.inits, { path: loc.path, content: apiModule(facts) }], notes);
  },
};

/** Names a pydantic model cannot use as field names. */
const RESERVED = new Set([
  'dict',
  'json',
  'copy',
  'parse_obj',
  'parse_raw',
  'parse_file',
  'schema',
  'schema_json',
  'construct',
  'validate',
  'fields',
  'model_config',
  'model_fields',
  'model_dump',
  'update_forward_refs',
  'Config',
]);

function rowSchema(facts: ProjectFacts): string[] {
  if (!facts.features?.length) {
    return [
      `class PredictRequest(BaseModel):`,
      `    # One mapping per row, column name to value, as in the training data.`,
      `    # List the feature columns in a Row model to reject malformed requests with a 422.`,
      `    rows: List[Dict[str, Any]]`,
    ];
  }
  const lines = [
    `class Row(BaseModel):`,
    `    """One row of features, as in the training data; a missing column is rejected with a 422."""`,
    ``,
  ];
  facts.features.forEach((name, i) => {
    const plain =
      /^[A-Za-z][A-Za-z0-9_]*$/.test(name) &&
      !PYTHON_KEYWORDS.has(name) &&
      !RESERVED.has(name) &&
      !name.startsWith('model_');
    // `Field(...)` makes the column required: pydantic 1 treats a bare `Any` as optional.
    lines.push(
      plain ? `    ${name}: Any = Field(...)` : `    feature_${i}: Any = Field(..., alias=${pyLiteral(name)})`,
    );
  });
  lines.push(``, ``, `class PredictRequest(BaseModel):`, `    rows: List[Row]`);
  return lines;
}

function apiModule(facts: ProjectFacts): string {
  const typed = !!facts.features?.length;
  return fileText([
    `"""Prediction service.`,
    ``,
    `    uvicorn ${apiLocation(facts).module}:app --host 0.0.0.0 --port 8000`,
    ``,
    `The model is loaded once per process (not per request) and /health fails until it loads, so an`,
    `orchestrator only routes traffic to instances that can answer. Each request is logged as one JSON`,
    `line, easy for log pipelines to parse; /metrics serves Prometheus counters when prometheus_client`,
    `is installed.`,
    `"""`,
    `import json`,
    `import logging`,
    `import os`,
    `import time`,
    `from functools import lru_cache`,
    `from pathlib import Path`,
    `from typing import Any, Dict, List`,
    ``,
    `import joblib`,
    `import pandas as pd`,
    `from fastapi import FastAPI, HTTPException, Response`,
    `from pydantic import BaseModel${typed ? ', Field' : ''}`,
    ``,
    `try:  # Metrics are optional: the service runs without prometheus_client.`,
    `    from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest`,
    `except ImportError:  # pragma: no cover`,
    `    Counter = Histogram = None`,
    ``,
    `# Relative to the working directory (the image's WORKDIR); override per environment.`,
    `MODEL_PATH = Path(os.environ.get("MODEL_PATH", ${pyLiteral(modelPathOf(facts))}))`,
    `# Reported with every prediction so a response can be traced to the model that made it.`,
    `MODEL_VERSION = os.environ.get("MODEL_VERSION", MODEL_PATH.name)`,
    ``,
    `log = logging.getLogger("${facts.projectName}.api")`,
    `logging.basicConfig(level=logging.INFO, format="%(message)s")`,
    ``,
    `if Counter is not None:`,
    `    PREDICTIONS = Counter("predictions_total", "Rows predicted", ["status"])`,
    `    LATENCY = Histogram("predict_latency_seconds", "Time spent in /predict")`,
    ``,
    `app = FastAPI(title=${pyLiteral(`${facts.projectName} model`)})`,
    ``,
    ``,
    ...rowSchema(facts),
    ``,
    ``,
    `class PredictResponse(BaseModel):`,
    `    predictions: List[Any]`,
    `    model_version: str`,
    ``,
    ``,
    `@lru_cache(maxsize=1)`,
    `def get_model():`,
    `    """Loads the model on first use and keeps it for the life of the process."""`,
    `    if MODEL_PATH.suffix in (".pt", ".pth"):`,
    `        import torch  # TorchScript: torch.jit.save(torch.jit.script(model), path)`,
    ``,
    `        return torch.jit.load(str(MODEL_PATH))`,
    `    if MODEL_PATH.suffix in (".keras", ".h5"):`,
    `        from tensorflow import keras`,
    ``,
    `        return keras.models.load_model(MODEL_PATH)`,
    `    return joblib.load(MODEL_PATH)`,
    ``,
    ``,
    `def _predict(model, frame: pd.DataFrame) -> List[Any]:`,
    `    if hasattr(model, "predict") and MODEL_PATH.suffix not in (".keras", ".h5"):`,
    `        return pd.Series(model.predict(frame)).tolist()`,
    `    values = frame.to_numpy(dtype="float32")`,
    `    if MODEL_PATH.suffix in (".keras", ".h5"):`,
    `        return model.predict(values, verbose=0).tolist()`,
    `    import torch`,
    ``,
    `    with torch.no_grad():`,
    `        return model(torch.from_numpy(values)).numpy().tolist()`,
    ``,
    ``,
    `def _as_dict(row: Any) -> Dict[str, Any]:`,
    `    if isinstance(row, dict):`,
    `        return row`,
    `    # pydantic 2 spells it model_dump, pydantic 1 dict; by_alias keeps the training column names.`,
    `    return row.model_dump(by_alias=True) if hasattr(row, "model_dump") else row.dict(by_alias=True)`,
    ``,
    ``,
    `@app.get("/health")`,
    `def health():`,
    `    try:`,
    `        get_model()`,
    `    except Exception as e:  # the reason goes to the log, not to the caller`,
    `        log.error(json.dumps({"event": "model_load_failed", "path": str(MODEL_PATH), "error": str(e)}))`,
    `        raise HTTPException(status_code=503, detail="model not loaded")`,
    `    return {"status": "ok", "model_version": MODEL_VERSION}`,
    ``,
    ``,
    `@app.post("/predict", response_model=PredictResponse)`,
    `def predict(request: PredictRequest) -> PredictResponse:`,
    `    if not request.rows:`,
    `        raise HTTPException(status_code=422, detail="rows must not be empty")`,
    `    start = time.perf_counter()`,
    `    status = "ok"`,
    `    try:`,
    `        frame = pd.DataFrame([_as_dict(r) for r in request.rows])`,
    `        predictions = _predict(get_model(), frame)`,
    `    except Exception as e:`,
    `        status = "error"`,
    `        log.error(json.dumps({"event": "prediction_failed", "error": str(e)}))`,
    `        raise HTTPException(status_code=500, detail="prediction failed") from None`,
    `    finally:`,
    `        elapsed = time.perf_counter() - start`,
    `        # One JSON object per line: log collectors parse it without regexes.`,
    `        log.info(json.dumps({"event": "predict", "rows": len(request.rows), "status": status, "latency_ms": ` +
      `round(elapsed * 1000, 2), "model_version": MODEL_VERSION}))`,
    `        if Counter is not None:`,
    `            PREDICTIONS.labels(status=status).inc(len(request.rows))`,
    `            LATENCY.observe(elapsed)`,
    `    return PredictResponse(predictions=predictions, model_version=MODEL_VERSION)`,
    ``,
    ``,
    `@app.get("/metrics")`,
    `def metrics():`,
    `    if Counter is None:`,
    `        raise HTTPException(status_code=404, detail="install prometheus-client to expose metrics")`,
    `    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)`,
  ]);
}
