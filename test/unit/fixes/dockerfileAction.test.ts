// Where "Add a Dockerfile" is offered: serving entry points and, in a project at Level 2, its manifests.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isServingCell, isServingEntryPoint, offersDockerfile } from '../../../src/core/fixes/dockerfileAction';
import { analyzeFixtureFolder } from '../../support/levelFixtures';
import { FIXTURES } from '../../support/paths';

describe('Add a Dockerfile: where it is offered', () => {
  it('recognises FastAPI, Flask and BentoML apps, not a file that only mentions them', () => {
    assert.ok(isServingEntryPoint('from fastapi import FastAPI\napp = FastAPI(title="churn")\n'));
    assert.ok(isServingEntryPoint('from flask import Flask\napp = Flask(__name__)\n'));
    assert.ok(isServingEntryPoint('import bentoml\n\n@bentoml.service\nclass Churn:\n    pass\n'));
    assert.ok(!isServingEntryPoint('# we could serve this with FastAPI() later\nimport pandas as pd\n'));
    assert.ok(!isServingEntryPoint('import requests\nrequests.get("http://localhost:8000")\n'));
  });

  it('is offered on the manifest of a Level 2 project without a Dockerfile, and not once it has one', async () => {
    const l2 = (await analyzeFixtureFolder(join(FIXTURES, 'projects', 'level2-structured'), { git: true })).projects[0];
    assert.equal(l2.level, 2);
    const manifest = ['requirements.txt', 'pyproject.toml'].find((m) => offersDockerfile(l2, m, ''));
    assert.ok(manifest, 'no manifest of the Level 2 project offers a Dockerfile');
    assert.ok(!offersDockerfile(l2, 'src/churn/train.py', 'import pandas as pd\n'));
    const l3 = (await analyzeFixtureFolder(join(FIXTURES, 'projects', 'level3-service'), { git: true })).projects[0];
    assert.ok(!offersDockerfile(l3, 'requirements.txt', ''));
    assert.ok(!offersDockerfile(l3, 'src/churn_service/api.py', 'from fastapi import FastAPI\napp = FastAPI()\n'));
  });

  it('in a notebook, is offered in the cell that makes the app, with the import in another cell', async () => {
    const l2 = (await analyzeFixtureFolder(join(FIXTURES, 'projects', 'level2-structured'), { git: true })).projects[0];
    const imports = 'from fastapi import FastAPI\nimport joblib\n';
    const app = 'app = FastAPI(title="churn")\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n';
    const model = 'model = joblib.load("model.joblib")\n';
    const code = [imports, model, app].join('\n');
    assert.ok(isServingCell(app, code));
    assert.ok(offersDockerfile(l2, 'notebooks/serve.ipynb', app, code));
    assert.ok(!offersDockerfile(l2, 'notebooks/serve.ipynb', imports, code), 'offered in the import cell');
    assert.ok(!offersDockerfile(l2, 'notebooks/serve.ipynb', model, code), 'offered in a cell that serves nothing');
    // A class of the same name from elsewhere is not FastAPI's.
    assert.ok(!isServingCell(app, 'from mylib import FastAPI\n'));
    const l3 = (await analyzeFixtureFolder(join(FIXTURES, 'projects', 'level3-service'), { git: true })).projects[0];
    assert.ok(!offersDockerfile(l3, 'notebooks/serve.ipynb', app, code), 'offered where a Dockerfile exists');
  });
});
