import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyDocument } from '../../../src/common/classify';
import type { Problem } from '../../../src/common/problem';
import { parseYaml } from '../../../src/common/yamlModel';
import {
  CrossFileCodes,
  crossFileProblems,
  defaultCrossFileOptions,
} from '../../../src/workspace/core/crossFileChecks';
import { extractFileFacts, type FileFacts } from '../../../src/workspace/core/fileFacts';
import { corpusDir, listFiles } from '../corpus';

/** Each top-level folder of the Kubernetes corpus is one repository. */
interface CorpusRepo {
  readonly root: string;
  readonly facts: Map<string, FileFacts>;
  readonly texts: Map<string, string>;
}

function loadRepos(): Map<string, CorpusRepo> {
  const base = path.join(corpusDir(), 'kubernetes');
  const repos = new Map<string, CorpusRepo>();
  for (const file of listFiles(base).filter((f) => /\.ya?ml$/.test(f))) {
    let text: string;
    try {
      text = readFileSync(path.join(base, file), 'utf8');
    } catch {
      continue;
    }
    if (text.includes('{{')) {
      continue; // Helm and other templates are not manifests yet
    }
    const slash = file.indexOf('/');
    const name = file.slice(0, slash);
    const relative = file.slice(slash + 1);
    const model = parseYaml(text);
    const formats = model.documents.map((d) => classifyDocument(relative, d.doc));
    let repo = repos.get(name);
    if (repo === undefined) {
      repo = { root: path.join(base, name), facts: new Map(), texts: new Map() };
      repos.set(name, repo);
    }
    repo.facts.set(relative, extractFileFacts(relative, model, formats));
    repo.texts.set(relative, text);
  }
  return repos;
}

function problemsOf(repo: CorpusRepo): Map<string, Problem[]> {
  return crossFileProblems(repo.facts, {
    fileExists: (p) => existsSync(path.join(repo.root, p)),
    options: defaultCrossFileOptions,
  });
}

describe('cross-file checks on the Kubernetes corpus', function () {
  this.timeout(30_000);
  let repos: Map<string, CorpusRepo>;
  const results = new Map<string, Map<string, Problem[]>>();

  before(() => {
    repos = loadRepos();
    for (const [name, repo] of repos) {
      results.set(name, problemsOf(repo));
    }
  });

  function problemsIn(repo: string, file: string): Problem[] {
    return results.get(repo)?.get(file) ?? [];
  }

  it('reads the corpus and locates every problem inside its file, with a known code', () => {
    assert.ok(repos.size >= 10, `only ${repos.size} repositories`);
    const known = new Set<string>(Object.values(CrossFileCodes));
    for (const [name, result] of results) {
      const repo = repos.get(name);
      for (const [file, problems] of result) {
        const text = repo?.texts.get(file);
        assert.ok(text !== undefined, `${name}/${file} is no file of the repository`);
        for (const p of problems) {
          assert.ok(known.has(p.code), p.code);
          assert.ok(
            p.start < p.end && p.end <= text.length,
            `${name}/${file}: ${p.start}-${p.end}`,
          );
          assert.ok(text.slice(p.start, p.end).trim().length > 0);
        }
      }
    }
  });

  it('matches Services to the workloads beside them (the guestbook example)', () => {
    const facts = repos.get('kubernetes__examples')?.facts;
    const services = ['frontend', 'redis-master', 'redis-replica'].map((n) =>
      facts?.get(`web/guestbook/${n}-service.yaml`),
    );
    assert.ok(services.every((s) => s?.kubernetes[0]?.podSelector !== undefined));
    for (const name of ['frontend', 'redis-master', 'redis-replica']) {
      assert.deepEqual(
        problemsIn('kubernetes__examples', `web/guestbook/${name}-service.yaml`),
        [],
      );
    }
  });

  it('finds the dashboards ConfigMapList of kube-prometheus and the pods its operator makes', () => {
    const repo = 'prometheus-operator__kube-prometheus';
    const grafana = repos.get(repo)?.facts.get('manifests/grafana-deployment.yaml');
    const dashboards = grafana?.kubernetes[0]?.references.filter(
      (r) => r.kind === 'ConfigMap' && r.name.startsWith('grafana-dashboard-'),
    );
    assert.ok((dashboards?.length ?? 0) > 10);
    assert.deepEqual(problemsIn(repo, 'manifests/grafana-deployment.yaml'), []);
    // Selected pods are made by the operator from the Prometheus and Alertmanager resources.
    assert.deepEqual(problemsIn(repo, 'manifests/prometheus-service.yaml'), []);
    assert.deepEqual(problemsIn(repo, 'manifests/alertmanager-service.yaml'), []);
    assert.deepEqual(problemsIn(repo, 'manifests/prometheus-podDisruptionBudget.yaml'), []);
  });

  it('checks the whole corpus as one repository', () => {
    const all = new Map<string, FileFacts>();
    for (const [name, repo] of repos) {
      for (const [file, facts] of repo.facts) {
        all.set(`${name}/${file}`, facts);
      }
    }
    const base = path.join(corpusDir(), 'kubernetes');
    const result = crossFileProblems(all, {
      fileExists: (p) => existsSync(path.join(base, p)),
      options: { ...defaultCrossFileOptions, missingReferences: false },
    });
    for (const problems of result.values()) {
      for (const p of problems) {
        assert.ok(
          ![
            CrossFileCodes.missingConfigMap,
            CrossFileCodes.missingSecret,
            CrossFileCodes.missingClaim,
          ].includes(p.code as never),
          'missingReferences: false reports no missing ConfigMap, Secret or PVC',
        );
      }
    }
  });
});
