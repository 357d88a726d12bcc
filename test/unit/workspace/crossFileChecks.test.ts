import * as assert from 'node:assert/strict';
import { CrossFileCodes, runbookCandidates } from '../../../src/workspace/core/crossFileChecks';
import { check, summary, yaml, type Repo } from './repo';

const codes = CrossFileCodes;

function deployment(name: string, labels: Record<string, string>, namespace?: string): string {
  return yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(namespace === undefined ? [] : [`  namespace: ${namespace}`]),
    'spec:',
    '  selector:',
    '    matchLabels:',
    ...Object.entries(labels).map(([k, v]) => `      ${k}: ${v}`),
    '  template:',
    '    metadata:',
    '      labels:',
    ...Object.entries(labels).map(([k, v]) => `        ${k}: ${v}`),
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: app:1',
  );
}

function service(name: string, selector: Record<string, string>, namespace?: string): string {
  return yaml(
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    ...(namespace === undefined ? [] : [`  namespace: ${namespace}`]),
    'spec:',
    '  selector:',
    ...Object.entries(selector).map(([k, v]) => `    ${k}: ${v}`),
    '  ports:',
    '    - name: http',
    '      port: 80',
    '      targetPort: 8080',
  );
}

describe('cross-file checks: Service selectors', () => {
  it('warns on a selector no pod template has, naming the nearest labels and where they are', () => {
    const repo: Repo = {
      'k8s/checkout/deployment.yaml': deployment(
        'checkout',
        { app: 'checkout', tier: 'api' },
        'shop',
      ),
      'k8s/checkout/service.yaml': service('checkout', { app: 'checkuot' }, 'shop'),
    };
    const problems = check(repo);
    assert.deepEqual(summary(problems), [
      [codes.serviceSelectsNothing, 'k8s/checkout/service.yaml', 'app: checkuot'],
    ]);
    const message = problems[0]?.problem.message ?? '';
    assert.match(
      message,
      /Did you mean app: checkout\? \(Deployment checkout in k8s\/checkout\/deployment\.yaml\)/,
    );
    assert.equal(problems[0]?.problem.severity, 'warning');
    assert.equal(problems[0].problem.source, 'kubernetes');
  });

  it('names the labels of the workload beside the selector when no label is close', () => {
    const problems = check({
      'k8s/ledger/deployment.yaml': deployment('ledger', { app: 'ledger' }),
      'k8s/ledger/service.yaml': service('ledger-api', { app: 'ledger-api' }),
    });
    assert.deepEqual(summary(problems), [
      [codes.serviceSelectsNothing, 'k8s/ledger/service.yaml', 'app: ledger-api'],
    ]);
    assert.match(
      problems[0]?.problem.message ?? '',
      /The nearest pods are those of Deployment ledger \(k8s\/ledger\/deployment\.yaml\), labelled app: ledger: fix the selector or those labels\.$/,
    );
  });

  it('accepts selectors matched by a workload of any kind, including CronJob job templates', () => {
    const cronJob = yaml(
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata: {name: report}',
      'spec:',
      '  schedule: "0 * * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        metadata:',
      '          labels: {app: report}',
      '        spec:',
      '          containers: [{name: r, image: r}]',
    );
    const pod = yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: one',
      '  labels: {app: one}',
    );
    const repo: Repo = {
      'k8s/app.yaml': `${deployment('web', { app: 'web', tier: 'front' })}---\n${service('web', { app: 'web' })}`,
      'k8s/report.yaml': `${cronJob}---\n${service('report', { app: 'report' })}`,
      'k8s/pod.yaml': `${pod}---\n${service('one', { app: 'one' })}`,
    };
    assert.deepEqual(summary(check(repo)), []);
  });

  it('treats a resource without a namespace as matching any namespace', () => {
    const repo: Repo = {
      'k8s/deployment.yaml': deployment('web', { app: 'web' }),
      'k8s/service.yaml': service('web', { app: 'web' }, 'shop'),
    };
    assert.deepEqual(summary(check(repo)), []);
  });

  it('does not match pods of another namespace', () => {
    const repo: Repo = {
      'k8s/web.yaml': deployment('web', { app: 'web' }, 'other'),
      'k8s/cart.yaml': deployment('cart', { app: 'cart' }, 'shop'),
      'k8s/service.yaml': service('web', { app: 'web' }, 'shop'),
    };
    assert.deepEqual(summary(check(repo)), [
      [codes.serviceSelectsNothing, 'k8s/service.yaml', 'app: web'],
    ]);
  });

  it('puts the files a kustomization lists into its namespace', () => {
    const repo: Repo = {
      'k8s/web.yaml': deployment('web', { app: 'web' }, 'other'),
      'k8s/cart.yaml': deployment('cart', { app: 'cart' }, 'shop'),
      'k8s/service.yaml': service('web', { app: 'web' }),
    };
    // Without the kustomization, the Service may land in 'other' with its pods.
    assert.deepEqual(summary(check(repo)), []);
    const kustomized = {
      ...repo,
      'k8s/kustomization.yaml': yaml(
        'namespace: shop',
        'resources:',
        '  - service.yaml',
        '  - cart.yaml',
      ),
    };
    assert.deepEqual(summary(check(kustomized)), [
      [codes.serviceSelectsNothing, 'k8s/service.yaml', 'app: web'],
    ]);
  });

  it('applies an outer kustomization namespace through a base folder', () => {
    const repo: Repo = {
      'base/web.yaml': deployment('web', { app: 'web' }, 'other'),
      'base/cart.yaml': deployment('cart', { app: 'cart' }, 'shop'),
      'base/service.yaml': service('web', { app: 'web' }),
      'base/kustomization.yaml': yaml('resources: [service.yaml, cart.yaml]'),
      'overlays/prod/kustomization.yaml': yaml('namespace: shop', 'resources:', '  - ../../base'),
    };
    // The base alone keeps the Service's own (any) namespace: no finding would be sure.
    assert.deepEqual(summary(check(repo)), []);
  });

  it('says nothing when the repository runs no pods in the namespace, or pods come from an operator', () => {
    const prometheus = yaml(
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Prometheus',
      'metadata: {name: k8s, namespace: monitoring}',
      'spec:',
      '  podMetadata:',
      '    labels: {app.kubernetes.io/name: prometheus}',
    );
    const repo: Repo = {
      'k8s/only-service.yaml': service('db', { app: 'db' }, 'data'),
      'monitoring/prometheus.yaml': prometheus,
      'monitoring/service.yaml': service(
        'prometheus-k8s',
        { 'app.kubernetes.io/name': 'prometheus', prometheus: 'k8s' },
        'monitoring',
      ),
      'monitoring/exporter.yaml': deployment('exporter', { app: 'exporter' }, 'monitoring'),
    };
    assert.deepEqual(summary(check(repo)), []);
  });

  it('skips selectors it cannot judge: no selector, ExternalName, templated values', () => {
    const repo: Repo = {
      'k8s/web.yaml': deployment('web', { app: 'web' }),
      'k8s/external.yaml': yaml(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: ext}',
        'spec: {type: ExternalName, externalName: example.com, selector: {app: nope}}',
      ),
      'k8s/templated.yaml': service('t', { app: '${APP}' }),
      'k8s/manual.yaml': yaml(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: manual}',
        'spec: {ports: [{port: 80}]}',
      ),
    };
    assert.deepEqual(summary(check(repo)), []);
  });
});

describe('cross-file checks: PodDisruptionBudgets', () => {
  const pdb = (selector: string): string =>
    yaml(
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata: {name: web}',
      'spec:',
      '  minAvailable: 1',
      '  selector:',
      selector,
    );

  it('warns on a selector that matches no pods, with the nearest labels', () => {
    const repo: Repo = {
      'k8s/web.yaml': deployment('web', { app: 'web', tier: 'front' }),
      'k8s/pdb.yaml': pdb('    matchLabels: {app: web, tier: frnt}'),
    };
    const problems = check(repo);
    assert.deepEqual(summary(problems), [
      [codes.disruptionBudgetSelectsNothing, 'k8s/pdb.yaml', 'matchLabels: {app: web, tier: frnt}'],
    ]);
    assert.match(problems[0]?.problem.message ?? '', /Did you mean app: web, tier: front\?/);
  });

  it('evaluates matchExpressions', () => {
    const matching = pdb(
      yaml(
        '    matchExpressions:',
        '      - {key: app, operator: In, values: [web, api]}',
      ).trimEnd(),
    );
    const notMatching = pdb(
      yaml('    matchExpressions:', '      - {key: app, operator: NotIn, values: [web]}').trimEnd(),
    );
    const web = deployment('web', { app: 'web' });
    assert.deepEqual(summary(check({ 'k8s/web.yaml': web, 'k8s/pdb.yaml': matching })), []);
    assert.deepEqual(summary(check({ 'k8s/web.yaml': web, 'k8s/pdb.yaml': notMatching })), [
      [
        codes.disruptionBudgetSelectsNothing,
        'k8s/pdb.yaml',
        'matchExpressions:\n      - {key: app, operator: NotIn, values: [web]}',
      ],
    ]);
  });
});

describe('cross-file checks: Ingress backends', () => {
  const ingress = (backend: string): string =>
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata: {name: web}',
      'spec:',
      '  defaultBackend:',
      '    service: {name: web, port: {number: 80}}',
      '  rules:',
      '    - http:',
      '        paths:',
      '          - path: /',
      '            pathType: Prefix',
      '            backend:',
      `              service: ${backend}`,
    );
  const base = {
    'k8s/web.yaml': deployment('web', { app: 'web' }),
    'k8s/service.yaml': service('web', { app: 'web' }),
  };

  it('accepts backends naming a Service and a port it exposes, by number or name', () => {
    assert.deepEqual(
      summary(check({ ...base, 'k8s/ingress.yaml': ingress('{name: web, port: {number: 80}}') })),
      [],
    );
    assert.deepEqual(
      summary(check({ ...base, 'k8s/ingress.yaml': ingress('{name: web, port: {name: http}}') })),
      [],
    );
  });

  it('warns on an unknown Service, suggesting the close names', () => {
    const problems = check({
      ...base,
      'k8s/ingress.yaml': ingress('{name: wbe, port: {number: 80}}'),
    });
    assert.deepEqual(summary(problems), [[codes.unknownIngressService, 'k8s/ingress.yaml', 'wbe']]);
    assert.deepEqual(problems[0]?.problem.suggestions, ['web']);
  });

  it('warns on a port the Service does not expose', () => {
    const byNumber = check({
      ...base,
      'k8s/ingress.yaml': ingress('{name: web, port: {number: 8080}}'),
    });
    assert.deepEqual(summary(byNumber), [[codes.unknownServicePort, 'k8s/ingress.yaml', '8080']]);
    assert.match(byNumber[0]?.problem.message ?? '', /exposes 80 \(http\)/);
    const byName = check({
      ...base,
      'k8s/ingress.yaml': ingress('{name: web, port: {name: grpc}}'),
    });
    assert.deepEqual(summary(byName), [[codes.unknownServicePort, 'k8s/ingress.yaml', 'grpc']]);
    assert.deepEqual(byName[0]?.problem.suggestions, ['http']);
  });

  it('reads the older serviceName/servicePort backends', () => {
    const old = yaml(
      'apiVersion: networking.k8s.io/v1beta1',
      'kind: Ingress',
      'metadata: {name: old}',
      'spec:',
      '  backend: {serviceName: web, servicePort: 81}',
    );
    assert.deepEqual(summary(check({ ...base, 'k8s/old.yaml': old })), [
      [codes.unknownServicePort, 'k8s/old.yaml', '81'],
    ]);
  });
});

describe('cross-file checks: ConfigMaps, Secrets and PVCs', () => {
  const pod = (...spec: string[]): string =>
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: app, labels: {app: app}}',
      'spec:',
      ...spec,
    );
  const container = (...lines: string[]): string[] => [
    '  containers:',
    '    - name: app',
    '      image: app:1',
    ...lines,
  ];
  const configMap = yaml(
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: app-config}',
    'data:',
    '  LOG_LEVEL: info',
    '  URL: http://x',
  );
  const envRef = (kind: string, name: string, key: string, extra = ''): string[] =>
    container(
      '      env:',
      '        - name: V',
      '          valueFrom:',
      `            ${kind}: {name: ${name}, key: ${key}${extra}}`,
    );

  it('accepts references to objects and keys the repository defines', () => {
    const repo: Repo = {
      'k8s/config.yaml': configMap,
      'k8s/pod.yaml': pod(...envRef('configMapKeyRef', 'app-config', 'LOG_LEVEL')),
    };
    assert.deepEqual(summary(check(repo)), []);
  });

  it('warns on a ConfigMap defined nowhere, suggesting close names', () => {
    const problems = check({
      'k8s/config.yaml': configMap,
      'k8s/pod.yaml': pod(...envRef('configMapKeyRef', 'app-confg', 'LOG_LEVEL')),
    });
    assert.deepEqual(summary(problems), [[codes.missingConfigMap, 'k8s/pod.yaml', 'app-confg']]);
    assert.deepEqual(problems[0]?.problem.suggestions, ['app-config']);
  });

  it('warns on a key the ConfigMap does not have', () => {
    const problems = check({
      'k8s/config.yaml': configMap,
      'k8s/pod.yaml': pod(...envRef('configMapKeyRef', 'app-config', 'LOG_LEVL')),
    });
    assert.deepEqual(summary(problems), [[codes.missingKey, 'k8s/pod.yaml', 'LOG_LEVL']]);
    assert.deepEqual(problems[0]?.problem.suggestions, ['LOG_LEVEL']);
    assert.match(problems[0].problem.message, /has no key 'LOG_LEVL'; it has LOG_LEVEL, URL/);
  });

  it('skips optional references, and missing objects when missingReferences is off', () => {
    const optional = pod(...envRef('secretKeyRef', 'nope', 'k', ', optional: true'));
    assert.deepEqual(summary(check({ 'k8s/pod.yaml': optional })), []);
    const required = pod(...envRef('secretKeyRef', 'nope', 'k'));
    assert.deepEqual(summary(check({ 'k8s/pod.yaml': required })), [
      [codes.missingSecret, 'k8s/pod.yaml', 'nope'],
    ]);
    assert.deepEqual(
      summary(check({ 'k8s/pod.yaml': required }, { missingReferences: false })),
      [],
    );
  });

  it('reads envFrom, volumes and projected volumes, with volume item keys', () => {
    const spec = pod(
      ...container(
        '      envFrom:',
        '        - secretRef: {name: env-secret}',
        '        - configMapRef: {name: app-config}',
      ),
      '  volumes:',
      '    - name: a',
      '      configMap: {name: app-config, items: [{key: URL, path: u}, {key: PORT, path: p}]}',
      '    - name: b',
      '      persistentVolumeClaim: {claimName: data}',
      '    - name: c',
      '      projected:',
      '        sources:',
      '          - secret: {name: projected-secret}',
      '          - configMap: {name: app-config}',
    );
    assert.deepEqual(summary(check({ 'k8s/config.yaml': configMap, 'k8s/pod.yaml': spec })), [
      [codes.missingSecret, 'k8s/pod.yaml', 'env-secret'],
      [codes.missingKey, 'k8s/pod.yaml', 'PORT'],
      [codes.missingClaim, 'k8s/pod.yaml', 'data'],
      [codes.missingSecret, 'k8s/pod.yaml', 'projected-secret'],
    ]);
  });

  it('counts kustomize generators, StatefulSet claims, Certificates and operator-made Secrets as defined', () => {
    const statefulSet = yaml(
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: db}',
      'spec:',
      '  selector: {matchLabels: {app: db}}',
      '  template:',
      '    metadata: {labels: {app: db}}',
      '    spec: {containers: [{name: db, image: db}]}',
      '  volumeClaimTemplates:',
      '    - metadata: {name: data}',
    );
    const certificate = yaml(
      'apiVersion: cert-manager.io/v1',
      'kind: Certificate',
      'metadata: {name: web}',
      'spec: {secretName: web-tls, dnsNames: [example.com]}',
    );
    const cluster = yaml(
      'apiVersion: postgresql.cnpg.io/v1',
      'kind: Cluster',
      'metadata: {name: pg-main}',
      'spec: {instances: 3}',
    );
    const spec = pod(
      ...envRef('configMapKeyRef', 'generated', 'A'),
      '  volumes:',
      '    - {name: a, persistentVolumeClaim: {claimName: data-db-0}}',
      '    - {name: b, secret: {secretName: web-tls}}',
      '    - {name: c, secret: {secretName: pg-main-app}}',
      '    - {name: d, secret: {secretName: default-token-f9jvj}}',
    );
    const repo: Repo = {
      'k8s/kustomization.yaml': yaml(
        'configMapGenerator:',
        '  - name: generated',
        '    literals: [A=1, B=2]',
      ),
      'k8s/db.yaml': statefulSet,
      'k8s/cert.yaml': certificate,
      'k8s/pg.yaml': cluster,
      'k8s/pod.yaml': spec,
    };
    assert.deepEqual(summary(check(repo)), []);
    const wrongKey = {
      ...repo,
      'k8s/pod.yaml': pod(...envRef('configMapKeyRef', 'generated', 'C')),
    };
    assert.deepEqual(summary(check(wrongKey)), [[codes.missingKey, 'k8s/pod.yaml', 'C']]);
    // Only <template>-<statefulset>-<ordinal> is a claim of the StatefulSet.
    for (const [claim, ofTemplate] of [
      ['data-db-17', true],
      ['data-db-', false],
      ['data-db-1x', false],
      ['data-db-0-1', false],
      ['data-dbx-0', false],
      ['logs-db-0', false],
    ] as const) {
      const claimed = {
        ...repo,
        'k8s/pod.yaml': pod(
          '  volumes:',
          `    - {name: a, persistentVolumeClaim: {claimName: ${claim}}}`,
        ),
      };
      assert.deepEqual(
        summary(check(claimed)),
        ofTemplate ? [] : [[codes.missingClaim, 'k8s/pod.yaml', claim]],
        claim,
      );
    }
  });

  it('does not judge keys of Secrets the cluster fills in, or of empty placeholders', () => {
    const token = yaml(
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: token, annotations: {kubernetes.io/service-account.name: app}}',
      'type: kubernetes.io/service-account-token',
    );
    const placeholder = yaml('apiVersion: v1', 'kind: Secret', 'metadata: {name: empty}');
    const repo: Repo = {
      'k8s/secrets.yaml': `${token}---\n${placeholder}`,
      'k8s/pod.yaml': pod(
        ...container(
          '      env:',
          '        - {name: A, valueFrom: {secretKeyRef: {name: token, key: token}}}',
          '        - {name: B, valueFrom: {secretKeyRef: {name: empty, key: anything}}}',
        ),
      ),
    };
    assert.deepEqual(summary(check(repo)), []);
  });
});

describe('cross-file checks: autoscalers and RBAC', () => {
  const hpa = (target: string): string =>
    yaml(
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata: {name: web}',
      'spec:',
      `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}`,
      '  minReplicas: 1',
      '  maxReplicas: 3',
    );

  it('warns on an HPA whose target does not exist', () => {
    const web = deployment('web', { app: 'web' });
    assert.deepEqual(summary(check({ 'k8s/web.yaml': web, 'k8s/hpa.yaml': hpa('web') })), []);
    const problems = check({ 'k8s/web.yaml': web, 'k8s/hpa.yaml': hpa('wbe') });
    assert.deepEqual(summary(problems), [[codes.unknownScaleTarget, 'k8s/hpa.yaml', 'wbe']]);
    assert.deepEqual(problems[0]?.problem.suggestions, ['web']);
  });

  const binding = (kind: string, roleKind: string, role: string, subjects: string): string =>
    yaml(
      'apiVersion: rbac.authorization.k8s.io/v1',
      `kind: ${kind}`,
      'metadata: {name: b, namespace: shop}',
      `roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role}}`,
      `subjects: ${subjects}`,
    );
  const rbac = yaml(
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: Role',
    'metadata: {name: reader, namespace: shop}',
    'rules: []',
    '---',
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata: {name: app, namespace: shop}',
  );

  it('accepts bindings to existing and built-in roles and ServiceAccounts', () => {
    const repo: Repo = {
      'k8s/rbac.yaml': rbac,
      'k8s/binding.yaml': [
        binding('RoleBinding', 'Role', 'reader', '[{kind: ServiceAccount, name: app}]'),
        binding('RoleBinding', 'ClusterRole', 'view', '[{kind: ServiceAccount, name: default}]'),
        binding(
          'ClusterRoleBinding',
          'ClusterRole',
          'system:auth-delegator',
          '[{kind: User, name: alice}]',
        ),
        binding(
          'RoleBinding',
          'Role',
          'extension-apiserver-authentication-reader',
          '[{kind: ServiceAccount, name: hpa, namespace: kube-system}]',
        ),
      ].join('---\n'),
    };
    assert.deepEqual(summary(check(repo)), []);
  });

  it('warns on a missing Role, ClusterRole or ServiceAccount subject', () => {
    const repo: Repo = {
      'k8s/rbac.yaml': rbac,
      'k8s/binding.yaml': [
        binding('RoleBinding', 'Role', 'raeder', '[{kind: ServiceAccount, name: ap}]'),
        binding(
          'ClusterRoleBinding',
          'ClusterRole',
          'custom',
          '[{kind: ServiceAccount, name: app, namespace: shop}]',
        ),
      ].join('---\n'),
    };
    const problems = check(repo);
    assert.deepEqual(summary(problems), [
      [codes.unknownRole, 'k8s/binding.yaml', 'raeder'],
      [codes.unknownServiceAccount, 'k8s/binding.yaml', 'ap'],
      [codes.unknownRole, 'k8s/binding.yaml', 'custom'],
    ]);
    assert.deepEqual(problems[0]?.problem.suggestions, ['reader']);
  });

  it('looks a Role up in the binding namespace', () => {
    const repo: Repo = {
      'k8s/rbac.yaml': rbac,
      'k8s/binding.yaml': binding('RoleBinding', 'Role', 'reader', '[]').replace(
        'namespace: shop',
        'namespace: other',
      ),
    };
    assert.deepEqual(summary(check(repo)), [[codes.unknownRole, 'k8s/binding.yaml', 'reader']]);
  });
});

describe('cross-file checks: GitHub Actions', () => {
  const workflow = yaml(
    'on: push',
    'jobs:',
    '  call:',
    '    uses: ./.github/workflows/build.yml',
    '  call-typo:',
    '    uses: ./.github/workflows/biuld.yml',
    '  remote:',
    '    uses: org/repo/.github/workflows/x.yml@v1',
    '  steps:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: ./.github/actions/setup',
    '      - uses: ./.github/actions/missing',
    '      - uses: ./',
    '      - uses: ./${{ matrix.action }}',
  );

  it('reports local reusable workflows and actions that are not in the repository', () => {
    const repo: Repo = {
      '.github/workflows/ci.yml': workflow,
      '.github/workflows/build.yml': yaml(
        'on: workflow_call',
        'jobs:',
        '  b:',
        '    runs-on: ubuntu-latest',
        '    steps: [{run: make}]',
      ),
      '.github/actions/setup/action.yml': yaml(
        'name: setup',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - uses: ./.github/actions/nope',
      ),
      'action.yaml': yaml('name: root', 'runs: {using: node20, main: index.js}'),
    };
    const problems = check(repo);
    assert.deepEqual(summary(problems), [
      [codes.missingLocalAction, '.github/actions/setup/action.yml', './.github/actions/nope'],
      [codes.missingReusableWorkflow, '.github/workflows/ci.yml', './.github/workflows/biuld.yml'],
      [codes.missingLocalAction, '.github/workflows/ci.yml', './.github/actions/missing'],
    ]);
    const typo = problems.find((p) => p.code === codes.missingReusableWorkflow);
    assert.deepEqual(typo?.problem.suggestions, ['./.github/workflows/build.yml']);
    assert.equal(typo.problem.source, 'github-actions');
  });

  it('finds nothing to report when every local target exists', () => {
    const repo: Repo = {
      '.github/workflows/ci.yml': yaml(
        'on: push',
        'jobs:',
        '  a:',
        '    uses: ./.github/workflows/build.yml',
      ),
      '.github/workflows/build.yml': yaml('on: workflow_call', 'jobs: {}'),
    };
    assert.deepEqual(summary(check(repo)), []);
  });
});

describe('cross-file checks: runbook links and runbooks', () => {
  const rules = (...urls: string[]): string =>
    yaml(
      'groups:',
      '  - name: checkout',
      '    rules:',
      ...urls.flatMap((url, i) => [
        `      - alert: Alert${i}`,
        '        expr: up == 0',
        `        annotations: {runbook_url: "${url}"}`,
      ]),
    );
  const runbook = (...alerts: string[]): string =>
    yaml(
      'apiVersion: runbooks/v1',
      'kind: Runbook',
      'metadata: {name: checkout-down, service: checkout, owners: [team]}',
      'spec:',
      '  summary: Down.',
      `  alerts: [${alerts.join(', ')}]`,
      '  steps: [{id: a, title: A}]',
    );

  it('reports relative runbook links to files that do not exist, trying extensions', () => {
    const repo: Repo = {
      'monitoring/rules.yaml': rules(
        'runbooks/checkout-down',
        'runbooks/checkout-down.yaml#step-2',
        'runbooks/gone.md',
      ),
      'runbooks/checkout-down.yaml': runbook('Alert0'),
    };
    const problems = check(repo);
    assert.deepEqual(summary(problems), [
      [codes.missingRunbook, 'monitoring/rules.yaml', 'runbooks/gone.md'],
    ]);
    assert.equal(problems[0]?.problem.source, 'prometheus');
  });

  it('maps runbook URLs under a configured prefix to the folder, and leaves other URLs alone', () => {
    const repo: Repo = {
      'monitoring/rules.yaml': rules(
        'https://runbooks.example.com/checkout-down',
        'https://runbooks.example.com/nope#x',
        'https://elsewhere.example.com/nope',
        'https://runbooks.example.com/{{ $labels.alertname }}',
      ),
      'ops/runbooks/checkout-down.md': '# Checkout down\n',
    };
    const options = {
      runbookUrls: [{ prefix: 'https://runbooks.example.com/', folder: 'ops/runbooks/' }],
    };
    const problems = check(repo, options);
    assert.deepEqual(summary(problems), [
      [codes.missingRunbook, 'monitoring/rules.yaml', 'https://runbooks.example.com/nope#x'],
    ]);
    assert.match(problems[0]?.problem.message ?? '', /ops\/runbooks\/nope/);
    // Without the mapping no absolute URL is checked.
    assert.deepEqual(summary(check(repo)), []);
  });

  it('reads runbook links of PrometheusRule resources too', () => {
    const resource = yaml(
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: {name: r}',
      'spec:',
      '  groups:',
      '    - name: g',
      '      rules:',
      '        - alert: Down',
      '          expr: up == 0',
      '          annotations: {runbook_url: docs/down.md}',
    );
    assert.deepEqual(summary(check({ 'k8s/rules.yaml': resource })), [
      [codes.missingRunbook, 'k8s/rules.yaml', 'docs/down.md'],
    ]);
  });

  it('reports runbook alerts no rule defines, only when the repository has rules', () => {
    const repo: Repo = {
      'monitoring/rules.yaml': rules('runbooks/checkout-down.yaml'),
      'runbooks/checkout-down.yaml': runbook('Alert0', 'Alrt0', 'Unrelated'),
    };
    const problems = check(repo);
    assert.deepEqual(summary(problems), [
      [codes.unknownAlert, 'runbooks/checkout-down.yaml', 'Alrt0'],
      [codes.unknownAlert, 'runbooks/checkout-down.yaml', 'Unrelated'],
    ]);
    assert.deepEqual(problems[0]?.problem.suggestions, ['Alert0']);
    assert.equal(problems[0].problem.source, 'runbook');
    assert.deepEqual(summary(check({ 'runbooks/checkout-down.yaml': runbook('Anything') })), []);
  });

  it('turns runbook links into the repository paths they may name', () => {
    const mappings = [
      { prefix: 'https://rb.example.com/', folder: 'runbooks' },
      { prefix: 'https://rb.example.com/team/', folder: 'team-runbooks/' },
    ];
    assert.deepEqual(
      runbookCandidates('https://rb.example.com/team/a%20b?x=1#s', mappings)?.paths,
      [
        'team-runbooks/a b',
        'team-runbooks/a b.yaml',
        'team-runbooks/a b.yml',
        'team-runbooks/a b.md',
      ],
    );
    assert.deepEqual(runbookCandidates('./docs/runbooks/', [])?.paths, [
      'docs/runbooks/README.md',
      'docs/runbooks/index.md',
    ]);
    assert.equal(runbookCandidates('../outside.md', []), undefined);
    assert.equal(runbookCandidates('https://other.example.com/x', mappings), undefined);
    assert.equal(runbookCandidates('{{ $externalURL }}/x', mappings), undefined);
  });
});
