// `dockerfile`: a small, cache-friendly image that runs the model service as a non-root user,
// with a health check, and a .dockerignore that keeps data, git and environments out of it.
import type { ProjectModel } from '../../project/model';
import { dockerExecForm, fileText } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';
import { apiLocation } from './api';

/** The port the scaffolded service listens on. */
export const SERVICE_PORT = 8000;

/** The dockerfile scaffold. */
export const dockerfileScaffold: Scaffold = {
  id: 'dockerfile',
  title: 'Dockerfile',
  description:
    'A slim Python image that installs dependencies before copying code (fast rebuilds), runs as a non-root user ' +
    'and checks /health; plus a .dockerignore for data, git and virtualenvs.',
  level: 3,
  items: ['L3.dockerfile'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const notes: string[] = [];
    const serve = serveCommand(facts);
    if (facts.app)
      notes.push(
        `The image serves ${facts.app.module}:${facts.app.variable}, the ` +
          `${facts.app.framework === 'fastapi' ? 'FastAPI' : 'Flask'} app found in your code.`,
      );
    else
      notes.push(
        `The image serves ${apiLocation(facts).module}:app: create it with 'mlcoach scaffold api' or change CMD.`,
      );
    const conda = project.files.find((f) => /^environment\.ya?ml$/.test(f.path));
    if (facts.requirementsFiles.length === 0 && !facts.hasPyproject) {
      notes.push(
        conda
          ? `Your dependencies are in ${conda.path} (conda): write the pip part to requirements.txt, or base the ` +
              `image on mambaorg/micromamba and install ${conda.path}.`
          : 'No requirements.txt or pyproject.toml was found: write one with pinned versions (pip freeze > ' +
              'requirements.txt) before building.',
      );
    }
    if (!serve.server.some((s) => facts.uses.has(s)))
      notes.push(
        `Add ${serve.server.join(' and ')} to your dependencies: the image starts the service with ` +
          `${serve.server[serve.server.length - 1]}.`,
      );
    const image = facts.projectName.replace(/_/g, '-');
    notes.push(`Build and run: docker build -t ${image} . && docker run -p ${SERVICE_PORT}:${SERVICE_PORT} ${image}`);
    return planFiles(
      project,
      [
        { path: 'Dockerfile', content: dockerfile(facts) },
        { path: '.dockerignore', content: dockerignore() },
      ],
      notes,
    );
  },
};

function serveCommand(facts: ProjectFacts): { cmd: string; server: string[] } {
  if (facts.app?.framework === 'flask') {
    return {
      cmd: dockerExecForm([
        'gunicorn',
        '--bind',
        `0.0.0.0:${SERVICE_PORT}`,
        '--workers',
        '2',
        `${facts.app.module}:${facts.app.variable}`,
      ]),
      server: ['gunicorn'],
    };
  }
  const target = facts.app ? `${facts.app.module}:${facts.app.variable}` : `${apiLocation(facts).module}:app`;
  return {
    cmd: dockerExecForm(['uvicorn', target, '--host', '0.0.0.0', '--port', String(SERVICE_PORT)]),
    server: ['fastapi', 'uvicorn'],
  };
}

function dockerfile(facts: ProjectFacts): string {
  const reqs = facts.requirementsFiles.filter((p) => !p.endsWith('.in'));
  const install: string[] = [];
  if (reqs.length > 0) {
    install.push(
      '# Dependencies first, code later: this layer is rebuilt only when the requirements change,',
      '# not on every code edit.',
      `COPY ${reqs.join(' ')} ./`,
      `RUN pip install ${reqs.map((r) => `-r ${r}`).join(' ')}`,
      '',
      'COPY . .',
    );
    if (facts.hasPyproject && facts.layout !== 'flat') install.push('RUN pip install --no-deps .');
  } else if (facts.hasPyproject) {
    install.push(
      '# Installing from pyproject.toml needs the code, so every code edit reinstalls the dependencies.',
      '# Export pinned requirements (pip-compile, poetry export, uv export) and copy them first to cache them.',
      'COPY . .',
      'RUN pip install .',
    );
  } else {
    install.push(
      '# No requirements file was found: write requirements.txt with pinned versions and install it here.',
      'COPY . .',
    );
  }
  const pythonPath = facts.layout === 'src' && !facts.hasPyproject ? ['ENV PYTHONPATH=/app/src', ''] : [];
  return fileText([
    '# syntax=docker/dockerfile:1',
    '# A slim base keeps the image small; pin the minor version so rebuilds get the same Python.',
    `FROM python:${facts.pythonVersion}-slim`,
    '',
    '# No .pyc files, unbuffered logs (they reach `docker logs` at once), no pip cache in the image.',
    'ENV PYTHONDONTWRITEBYTECODE=1 \\',
    '    PYTHONUNBUFFERED=1 \\',
    '    PIP_NO_CACHE_DIR=1 \\',
    '    PIP_DISABLE_PIP_VERSION_CHECK=1',
    '',
    'WORKDIR /app',
    '',
    ...install,
    '',
    ...pythonPath,
    '# Run as an unprivileged user: a compromised service then cannot write to the image or the host.',
    'RUN useradd --create-home --uid 10001 app',
    'USER app',
    '',
    `EXPOSE ${SERVICE_PORT}`,
    '# Docker (and orchestrators) restart the container when /health stops answering.',
    'HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \\',
    `  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:${SERVICE_PORT}/health', ` +
      `timeout=2)" || exit 1`,
    '',
    `CMD ${serveCommand(facts).cmd}`,
  ]);
}

function dockerignore(): string {
  return fileText([
    '# Keep the build context small and free of secrets: only what the image needs is sent to Docker.',
    '.git',
    '.gitignore',
    '# Data is versioned and fetched separately (DVC, object storage), not baked into the image.',
    'data/',
    '# Notebooks and their checkpoints are for exploration, not for serving.',
    '.ipynb_checkpoints/',
    '**/.ipynb_checkpoints/',
    '# Local environments and caches do not work inside the image anyway.',
    '.venv/',
    'venv/',
    'env/',
    '__pycache__/',
    '**/__pycache__/',
    '*.pyc',
    '.pytest_cache/',
    '.mypy_cache/',
    '.ruff_cache/',
    '# Experiment runs and local secrets.',
    'mlruns/',
    'wandb/',
    '.dvc/cache/',
    '.env',
    '.env.*',
  ]);
}
