import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';
import type { FactKind } from '../../../src/core/facts/fact';
import { factsOf, projectFacts } from '../../../src/core/facts/projectFacts';
import { formatPlace } from '../../support/levelFixtures';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { discoverFiles } from '../../../src/core/discovery/discover';
import { buildProject } from '../../../src/core/project/build';
import type { ProjectModel } from '../../../src/core/project/model';
import { ProjectIndex } from '../../../src/core/semantic/index';
import { classifyProject } from '../../../src/core/levels/mlProject';

async function project(files: Record<string, string>): Promise<ProjectModel> {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/p/${p}`, c])));
  const walk = await discoverFiles(fs, '/p');
  return buildProject(fs, '/p', '', walk.files, walk.skipped, false, { ...DEFAULT_CONFIG });
}

async function places(files: Record<string, string>, kind: FactKind): Promise<string[]> {
  const p = await project(files);
  return factsOf(projectFacts(new ProjectIndex(p)), kind).map((f) => formatPlace(f.range));
}

describe('infrastructure facts', () => {
  it('tells a route that predicts from a plain web route', async () => {
    const api = [
      'import joblib',
      'from fastapi import FastAPI',
      'app = FastAPI()',
      'model = joblib.load("model.joblib")',
      '@app.get("/health")',
      'def health():',
      '    return {"ok": True}',
      '@app.post("/predict")',
      'def predict(item: dict):',
      '    return {"y": model.predict([list(item.values())]).tolist()}',
      '',
    ].join('\n');
    assert.deepEqual(await places({ 'api.py': api }, 'serving'), ['api.py:8']);
    assert.deepEqual(await places({ 'api.py': api }, 'web-route'), ['api.py:5']);
    const plain =
      'from flask import Flask\napp = Flask(__name__)\n@app.route("/")\ndef index():\n    return "predict later"\n';
    assert.deepEqual(await places({ 'app.py': plain }, 'serving'), []);
    assert.deepEqual(await places({ 'app.py': plain }, 'web-route'), ['app.py:3']);
  });

  it('takes a route that asks a recommender module for recommendations for serving', async () => {
    const recommender = [
      'import pandas as pd',
      'from sklearn.neighbors import NearestNeighbors',
      'ratings = pd.read_csv("ratings.csv").pivot(index="movie", columns="user", values="rating").fillna(0)',
      'knn = NearestNeighbors(metric="cosine").fit(ratings)',
      'def recommend_movies(title, n=10):',
      '    _, idx = knn.kneighbors(ratings.loc[[title]], n_neighbors=n + 1)',
      '    return list(ratings.index[idx[0][1:]])',
      '',
    ].join('\n');
    const api = [
      'from fastapi import FastAPI',
      'from recommender import recommend_movies',
      'app = FastAPI()',
      '@app.get("/health")',
      'def health():',
      '    return {"ok": True}',
      '@app.get("/recommend")',
      'def recommend(title: str):',
      '    return {"movies": recommend_movies(title)}',
      '',
    ].join('\n');
    const files = { 'recommender.py': recommender, 'app.py': api };
    assert.deepEqual(await places(files, 'serving'), ['app.py:7']);
  });

  it('reads Kubernetes documents with their own lines, and Helm charts', async () => {
    const k8s =
      'apiVersion: apps/v1\n' +
      'kind: Deployment\n' +
      'metadata:\n' +
      '  name: api\n' +
      '---\n' +
      'apiVersion: v1\n' +
      'kind: Service\n' +
      'metadata:\n' +
      '  name: api\n';
    assert.deepEqual(
      await places(
        { 'deploy/api.yaml': k8s, 'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n' },
        'kubernetes',
      ),
      ['chart/Chart.yaml:1', 'deploy/api.yaml:1', 'deploy/api.yaml:6'],
    );
  });

  it('turns broken YAML into a file problem, never a throw', async () => {
    const p = await project({ 'k8s/bad.yaml': 'apiVersion: v1\nkind: [Service\n', 'train.py': 'import sklearn\n' });
    assert.deepEqual(factsOf(projectFacts(new ProjectIndex(p)), 'kubernetes'), []);
    assert.equal(p.problems.length, 1);
    assert.equal(p.problems[0].path, 'k8s/bad.yaml');
    assert.match(p.problems[0].message, /YAML could not be parsed/);
  });

  it('says what a Dockerfile runs', async () => {
    const p = await project({ Dockerfile: 'FROM python:3.11-slim\nCOPY . .\nCMD ["uvicorn", "app:app"]\n' });
    const [f] = factsOf(projectFacts(new ProjectIndex(p)), 'dockerfile');
    assert.equal(f.note, 'Dockerfile from python:3.11-slim, serves with uvicorn');
  });

  it('does not take a workflow whose steps only print for CI', async () => {
    const placeholder =
      'name: Empty Workflow\non: [push]\njobs:\n  placeholder_job:\n    runs-on: ubuntu-latest\n    steps:\n' +
      '      - name: Placeholder Step\n        run: echo "This is a placeholder step that does nothing."\n';
    assert.deepEqual(await places({ '.github/workflows/workflow.yaml': placeholder }, 'ci'), []);
    const tests = placeholder.replace('run: echo "This is a placeholder step that does nothing."', 'run: pytest -q');
    assert.deepEqual(await places({ '.github/workflows/workflow.yaml': tests }, 'ci'), [
      '.github/workflows/workflow.yaml:1',
    ]);
    const checkout = placeholder.replace(
      '      - name: Placeholder',
      '      - uses: actions/checkout@v4\n      - name: Echo',
    );
    assert.deepEqual(await places({ '.github/workflows/workflow.yaml': checkout }, 'ci'), [
      '.github/workflows/workflow.yaml:1',
    ]);
  });

  it('needs structure, not words: comments and strings about tools are not evidence', async () => {
    const src =
      '# from locust import HttpUser\n# mlflow.log_metric("x", 1)\nprint("import prometheus_client; wandb.init()")\n';
    const p = await project({ 'notes.py': src, 'README.md': 'We use MLflow, Docker, Kubernetes and Feast.' });
    assert.deepEqual([...projectFacts(new ProjectIndex(p)).keys()], []);
  });

  it('finds retraining driven by a drift result, and drift alone', async () => {
    const drift = [
      'from evidently.report import Report',
      'from evidently.metric_preset import DataDriftPreset',
      'from pipelines import retrain_model',
      'def check(ref, cur):',
      '    report = Report(metrics=[DataDriftPreset()])',
      '    report.run(reference_data=ref, current_data=cur)',
      '    drift = report.as_dict()["metrics"][0]["result"]["dataset_drift"]',
      '    if drift:',
      '        retrain_model()',
      '',
    ].join('\n');
    assert.deepEqual(await places({ 'monitor.py': drift }, 'retraining-trigger'), ['monitor.py:8']);
    assert.deepEqual(
      await places(
        { 'monitor.py': drift.replace('    if drift:\n        retrain_model()\n', '    print(drift)\n') },
        'retraining-trigger',
      ),
      [],
    );
  });

  it('counts only networks with a forward as custom architectures, and losses apart', async () => {
    const src = [
      'import torch.nn as nn',
      'class Block(nn.Module):',
      '    def forward(self, x):',
      '        return x',
      'class FocalLoss(nn.Module):',
      '    def forward(self, p, y):',
      '        return p',
      'class Config:',
      '    def forward(self):',
      '        pass',
      '',
    ].join('\n');
    assert.deepEqual(await places({ 'm.py': src }, 'custom-architecture'), ['m.py:2']);
    assert.deepEqual(await places({ 'm.py': src }, 'custom-loss'), ['m.py:5']);
  });

  it('counts an own loss function, not one handing its arguments to the library loss of its name', async () => {
    const src = [
      'import torch',
      'import torch.nn.functional as F',
      'def nll_loss(output, target):',
      '    """The template\'s loss."""',
      '    return F.nll_loss(output, target)',
      'def smooth_loss(output, target, eps=0.1):',
      '    logp = F.log_softmax(output, dim=1)',
      '    return -(logp.gather(1, target[:, None]).mean() * (1 - eps) + logp.mean() * eps)',
      'def weighted_loss(output, target, w):',
      '    return F.cross_entropy(output * w, target)',
      '',
    ].join('\n');
    assert.deepEqual(await places({ 'loss.py': src }, 'custom-loss'), ['loss.py:6', 'loss.py:9']);
  });

  it('finds Locust users and k6 scripts', async () => {
    assert.deepEqual(
      await places(
        {
          'locustfile.py':
            'from locust import HttpUser, task\n' +
            'class U(HttpUser):\n' +
            '    @task\n' +
            '    def p(self):\n' +
            '        self.client.get("/")\n',
        },
        'load-test',
      ),
      ['locustfile.py:2'],
    );
    assert.deepEqual(
      await places(
        {
          'load/k6.js':
            "// load test\nimport http from 'k6/http';\nexport default function () { http.get('http://x'); }\n",
        },
        'load-test',
      ),
      ['load/k6.js:2'],
    );
  });

  it('does not take a Locust user that sends no request for a load test', async () => {
    const empty = 'from locust import HttpUser, between\nclass U(HttpUser):\n    wait_time = between(1, 2)\n';
    assert.deepEqual(await places({ 'locustfile.py': empty }, 'load-test'), []);
    assert.deepEqual(await places({ 'tests/locustfile.py': empty }, 'load-test'), []);
  });
});

describe('is it an ML project', () => {
  it('is not ML when ML words appear only in docs, strings and comments', async () => {
    const p = await project({
      'README.md': 'A scikit-learn and PyTorch model trained with model.fit.',
      'app.py': '# import sklearn\nimport pandas as pd\nimport numpy as np\nNOTE = "from torch import nn"\n',
    });
    assert.equal(classifyProject(new ProjectIndex(p)).isMl, false);
  });

  it('is ML when a NumPy module defines a model that fits and predicts, not for a class that only fits', async () => {
    const tree = [
      'import numpy as np',
      '',
      'class DecisionTreeRegressor:',
      '    def fit(self, X, y):',
      '        self.value = np.mean(y)',
      '        return self',
      '',
      '    def predict(self, X):',
      '        return np.full(len(X), self.value)',
      '',
    ].join('\n');
    const c = classifyProject(new ProjectIndex(await project({ 'library/boosting.py': tree })));
    assert.equal(c.isMl, true);
    assert.match(c.reason, /library\/boosting\.py:3 defines a model that fits and predicts/);
    // A curve fitted for a plot: `fit` alone is no model, and nor is a model class in the tests.
    const plot =
      'import numpy as np\n\nclass Trend:\n    def fit(self, xs, ys):\n        return np.polyfit(xs, ys, 1)\n';
    assert.equal(classifyProject(new ProjectIndex(await project({ 'plot.py': plot }))).isMl, false);
    assert.equal(classifyProject(new ProjectIndex(await project({ 'tests/test_tree.py': tree }))).isMl, false);
  });

  it('trains a model written by hand where its fit or train method is called, and not in the tests', async () => {
    const boosting = [
      'import numpy as np',
      '',
      'class BoostingRegressor:',
      '    def train(self, x, y):',
      '        self.base = np.mean(y)',
      '',
      '    def predict(self, x):',
      '        return np.full(len(x), self.base)',
      '',
    ].join('\n');
    const script = 'from model.boosting import BoostingRegressor\nmodel = BoostingRegressor()\nmodel.train(X, y)\n';
    const test =
      'from model.boosting import BoostingRegressor\n\ndef test_train():\n    BoostingRegressor().train(X, y)\n';
    assert.deepEqual(
      await places({ 'model/boosting.py': boosting, 'run.py': script, 'tests/test_boosting.py': test }, 'training'),
      ['run.py:3'],
    );
    // A class that learns but predicts nothing (a plotting helper's `fit`) trains no model.
    const helper =
      'import numpy as np\n\nclass Trend:\n    def fit(self, xs, ys):\n        return np.polyfit(xs, ys, 1)\n';
    const plot = 'from trend import Trend\nTrend().fit([1, 2], [3, 4])\n';
    assert.deepEqual(await places({ 'trend.py': helper, 'plot.py': plot }, 'training'), []);
  });

  it('is ML when code imports a machine-learning library', async () => {
    const p = await project({
      'train.py': 'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n',
    });
    const c = classifyProject(new ProjectIndex(p));
    assert.equal(c.isMl, true);
    assert.match(c.reason, /train\.py:2 imports sklearn/);
  });
});

describe('is it an ML project: edge cases', () => {
  it('does not take a local package named like a library for that library', async () => {
    const p = await project({
      'datasets/__init__.py': 'def load_orders():\n    return []\n',
      'app.py': 'from datasets import load_orders\n',
    });
    assert.equal(classifyProject(new ProjectIndex(p)).isMl, false);
  });

  it("takes a submodule's import for the library beside a module file of its name (sklearn.py)", async () => {
    const script =
      'from sklearn.model_selection import train_test_split\nfrom sklearn.svm import SVC\n' +
      'X_train, X_test, y_train, y_test = train_test_split(X, y)\nSVC().fit(X_train, y_train)\n';
    const c = classifyProject(new ProjectIndex(await project({ 'sklearn.py': script, 'svm.py': script })));
    assert.equal(c.isMl, true);
    assert.match(c.reason, /imports sklearn/);
    // A module file named like the library and imported whole is still the project's own module.
    const own = { 'datasets.py': 'def load_orders():\n    return []\n', 'app.py': 'import datasets\n' };
    assert.equal(classifyProject(new ProjectIndex(await project(own))).isMl, false);
  });

  it('does not take a library whose tests alone import scikit-learn for ML, but does when its code does', async () => {
    const files = {
      'frames/core.py': 'def pivot(rows):\n    return rows\n',
      'frames/tests/test_downstream.py':
        'from sklearn.linear_model import LinearRegression\n' +
        'from frames.core import pivot\n\n' +
        'def test_fits_on_pivoted_rows():\n' +
        '    LinearRegression().fit(pivot([[1], [2]]), [1, 2])\n',
    };
    assert.equal(classifyProject(new ProjectIndex(await project(files))).isMl, false);
    const withModel = { ...files, 'frames/forecast.py': 'from sklearn.linear_model import LinearRegression\n' };
    const c = classifyProject(new ProjectIndex(await project(withModel)));
    assert.equal(c.isMl, true);
    assert.match(c.reason, /forecast\.py:1 imports sklearn/);
  });

  it('takes a service that loads a pickled model and predicts for ML', async () => {
    const api =
      'import joblib\n' +
      'from flask import Flask, request\n' +
      'app = Flask(__name__)\n' +
      'model = joblib.load("model.pkl")\n' +
      '@app.post("/predict")\n' +
      'def predict():\n' +
      '    return {"y": model.predict([request.json["x"]]).tolist()}\n';
    const c = classifyProject(new ProjectIndex(await project({ 'app.py': api })));
    assert.equal(c.isMl, true);
    assert.match(c.reason, /app\.py:4 loads a model/);
  });

  it('takes a layered service for ML: one module loads the model, a route in another predicts with it', async () => {
    const service =
      'import joblib\n\n' +
      'class PriceModel:\n' +
      '    def __init__(self, path):\n' +
      '        self.model = joblib.load(path)\n\n' +
      '    def predict(self, rows):\n' +
      '        return self.model.predict(rows)\n';
    const route =
      'from fastapi import APIRouter, Request\n' +
      'router = APIRouter()\n' +
      '@router.post("/predict")\n' +
      'def predict(request: Request, payload: dict):\n' +
      '    return {"price": request.app.state.model.predict([payload["x"]])[0]}\n';
    const c = classifyProject(
      new ProjectIndex(await project({ 'service/models.py': service, 'service/routes.py': route })),
    );
    assert.equal(c.isMl, true);
    assert.match(c.reason, /service\/models\.py:5 loads a model that a route serves/);
    // A web app that unpickles session data and has no route that predicts stays quiet.
    const web =
      'import pickle\nfrom flask import Flask\napp = Flask(__name__)\n' +
      '@app.get("/cart")\ndef cart():\n    return pickle.load(open("cart.pkl", "rb"))\n';
    assert.equal(classifyProject(new ProjectIndex(await project({ 'app.py': web }))).isMl, false);
  });

  it('takes a Flask-RESTX resource whose post method predicts for a route; one that only reads, for none', async () => {
    const factory =
      'import joblib\nfrom flask import Flask\n\n' +
      'def create_app(path):\n    app = Flask(__name__)\n    app.model = joblib.load(path)\n    return app\n';
    const views = (body: string) =>
      'from flask import current_app, request\nfrom flask_restx import Namespace, Resource\n' +
      'ns = Namespace("prediction")\n\n' +
      '@ns.route("/results")\nclass Results(Resource):\n    def post(self):\n' +
      `        ${body}\n`;
    const serving = await project({
      'app/__init__.py': factory,
      'app/views.py': views('return {"y": current_app.model.predict([request.json["x"]])[0]}'),
    });
    const c = classifyProject(new ProjectIndex(serving));
    assert.equal(c.isMl, true);
    assert.match(c.reason, /app\/__init__\.py:6 loads a model that a route serves/);
    const reading = await project({
      'app/__init__.py': factory,
      'app/views.py': views('return {"rows": len(request.json)}'),
    });
    assert.equal(classifyProject(new ProjectIndex(reading)).isMl, false);
  });
  it('takes Django REST framework views that predict for serving routes, and plain views for web routes', async () => {
    const views = [
      'import joblib',
      'from rest_framework.decorators import api_view',
      'from rest_framework.response import Response',
      'from rest_framework.views import APIView',
      'from .engine import predict as ml_predict',
      '',
      'class PredictView(APIView):',
      '    def post(self, request):',
      '        return Response(ml_predict(request.data))',
      '',
      'class DoctorList(APIView):',
      '    def get(self, request):',
      '        return Response([])',
      '',
      '@api_view(["POST"])',
      'def score(request):',
      '    model = joblib.load("model.pkl")',
      '    return Response({"y": model.predict([request.data["x"]])[0]})',
      '',
    ].join('\n');
    assert.deepEqual(await places({ 'predictions/views.py': views }, 'serving'), [
      'predictions/views.py:8',
      'predictions/views.py:15',
    ]);
    assert.deepEqual(await places({ 'predictions/views.py': views }, 'web-route'), ['predictions/views.py:12']);
    // Django's own class views too; a class of another base is no view.
    const djangoViews =
      'from django.views import View\nfrom django.http import JsonResponse\nfrom .ml import model\n\n' +
      'class Predict(View):\n    def post(self, request):\n' +
      '        return JsonResponse({"y": model.predict([[1]])[0]})\n\n' +
      'class Helper:\n    def post(self, request):\n        return model.predict([[1]])\n';
    assert.deepEqual(await places({ 'views.py': djangoViews }, 'serving'), ['views.py:6']);
  });

  it("takes a hosting platform's build file for one that builds the service's container", async () => {
    const procfile = 'release: python migrate.py\nweb: gunicorn app:app\n';
    assert.deepEqual(await places({ Procfile: procfile }, 'platform-build'), ['Procfile:2']);
    // A worker alone serves nothing.
    assert.deepEqual(await places({ Procfile: 'worker: python jobs.py\n' }, 'platform-build'), []);
    const render = 'services:\n  - type: web\n    name: api\n    env: python\n';
    assert.deepEqual(await places({ 'render.yaml': render }, 'platform-build'), ['render.yaml:1']);
    const appEngine = 'runtime: python311\nentrypoint: gunicorn main:app\n';
    assert.deepEqual(await places({ 'app.yaml': appEngine }, 'platform-build'), ['app.yaml:1']);
    assert.deepEqual(await places({ 'app.yaml': 'name: my-app\nversion: 2\n' }, 'platform-build'), []);
  });
  it('tells a Dockerfile copying Python files the project lacks from one that builds', async () => {
    const docker = (copy: string) =>
      `FROM python:3.10\nWORKDIR /app\nCOPY requirements.txt .\n${copy}\nCMD ["streamlit", "run", "app.py"]\n`;
    const files = { 'streamlit_app.py': 'import streamlit as st\n', 'requirements.txt': 'streamlit\n' };
    const broken = { ...files, Dockerfile: docker('COPY app.py .') };
    assert.deepEqual(await places(broken, 'dockerfile-broken'), ['Dockerfile:4']);
    assert.deepEqual(await places(broken, 'dockerfile'), []);
    // Copied by their own name, from beside the Dockerfile or from the root; a model file built by training may be
    // missing from the repository, so only Python sources count.
    const fine = {
      ...files,
      'deploy/Dockerfile': docker('COPY streamlit_app.py .\nCOPY model.pkl .'),
      'deploy/serve.py': 'print(1)\n',
    };
    assert.deepEqual(await places(fine, 'dockerfile'), ['deploy/Dockerfile:1']);
    const beside = { ...fine, 'deploy/Dockerfile': docker('COPY serve.py .') };
    assert.deepEqual(await places(beside, 'dockerfile-broken'), []);
  });
});
