import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkNginx, renderNginx } from '../nginx';

/*
 * The operations files are checked by the tools that will read them: promtool (Debian's prometheus
 * package), nginx -t, docker-compose config (Debian's docker-compose, no engine needed), the
 * Kubernetes schemas (kubernetes-models) and a GitHub Actions workflow validator.
 */
const root = path.join(__dirname, '../../..');
const deploy = (...p: string[]) => path.join(root, 'deploy', ...p);
const run = (cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) =>
  execFileSync(cmd, args, {
    cwd: opts.cwd ?? root,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    stdio: 'pipe',
  });

describe('Prometheus', () => {
  it('promtool accepts the config and the alert rules, and the rules fire when they should', () => {
    // The shipped files, with the token file (written by the container at start) in a private folder.
    const dir = mkdtempSync(path.join(tmpdir(), 'fp-prom-'));
    cpSync(deploy('prometheus'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'metrics-token'), 'a-metrics-token-for-the-check');
    const config = readFileSync(path.join(dir, 'prometheus.yml'), 'utf8');
    expect(config).toContain('credentials_file: /tmp/metrics-token');
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      config.replace('/tmp/metrics-token', path.join(dir, 'metrics-token')),
    );
    expect(run('promtool', ['check', 'config', 'prometheus.yml'], { cwd: dir })).toContain('SUCCESS');
    expect(run('promtool', ['check', 'rules', 'alerts.yml'], { cwd: dir })).toContain('SUCCESS');
    expect(run('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: dir })).toContain('SUCCESS');
  });
});

describe('nginx', () => {
  it('nginx -t accepts deploy/nginx (addresses made local)', () => {
    const { conf, prefix } = renderNginx(4000, [4101, 4102, 4103]);
    expect(() => checkNginx(conf, prefix)).not.toThrow();
  });
});

describe('docker-compose.yml', () => {
  it('is valid for docker-compose config and runs nginx, three instances, a worker, Prometheus and Grafana', () => {
    const out = run('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
      env: { AUTH_SECRET: 'a'.repeat(48) },
    });
    const doc = parseAllDocuments(out)[0]!.toJS() as {
      services: Record<string, { environment?: Record<string, string>; volumes?: unknown[] }>;
    };
    const s = doc.services;
    for (const name of ['nginx', 'booking-1', 'booking-2', 'booking-3', 'worker', 'prometheus', 'grafana'])
      expect(s[name], name).toBeDefined();
    expect(s['booking-2']!.environment!.ROLES).toBe('api,realtime');
    expect(s.worker!.environment!.ROLES).toBe('worker');
    expect(JSON.stringify(s.nginx!.volumes)).toContain('deploy/nginx');
  });
});

type K8sDoc = {
  kind: string;
  apiVersion: string;
  metadata: { name: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are inspected as parsed JSON
  spec?: any;
};

const models: Record<string, new (doc: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'batch/v1/Job': Job,
};

function manifests(): K8sDoc[] {
  return readdirSync(deploy('k8s'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(deploy('k8s', f), 'utf8')).map((d) => {
        if (d.errors.length) throw new Error(`${f}: ${d.errors[0]!.message}`);
        return d.toJS() as K8sDoc;
      }),
    );
}

describe('Kubernetes manifests', () => {
  const docs = manifests();

  it('each one is valid against the Kubernetes schema of its kind', () => {
    for (const d of docs) {
      const Model = models[`${d.apiVersion}/${d.kind}`];
      expect(Model, `${d.kind} ${d.metadata.name}: no schema known for ${d.apiVersion}`).toBeDefined();
      expect(() => new Model!(d as never).validate(), `${d.kind} ${d.metadata.name}`).not.toThrow();
    }
  });

  it('a broken manifest is refused (the validation is real)', () => {
    const d = docs.find((x) => x.kind === 'Deployment')!;
    const broken = structuredClone(d);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'four thousand';
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });

  it('one Deployment per role, probed on /readyz and /healthz, each selected, scaled and protected', () => {
    const byKind = (k: string) => docs.filter((d) => d.kind === k);
    const deployments = byKind('Deployment');
    const roles = deployments.map(
      (d) => d.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'ROLES').value,
    );
    expect(roles.sort()).toEqual(['api', 'realtime', 'worker']);
    for (const d of deployments) {
      const c = d.spec.template.spec.containers[0];
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      const labels = d.spec.template.metadata.labels;
      const covered = (sel: Record<string, string>) => Object.entries(sel).every(([k, v]) => labels[k] === v);
      expect(
        byKind('PodDisruptionBudget').some((p) => covered(p.spec.selector.matchLabels)),
        d.metadata.name,
      ).toBe(true);
    }
    for (const s of byKind('Service').filter(
      (x) => x.spec.selector?.['app.kubernetes.io/name'] === 'fastpass',
    ))
      expect(
        deployments.some((d) =>
          Object.entries(s.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
        ),
        s.metadata.name,
      ).toBe(true);
    for (const h of byKind('HorizontalPodAutoscaler'))
      expect(deployments.map((d) => d.metadata.name)).toContain(h.spec.scaleTargetRef.name);
    const services = byKind('Service').map((s) => s.metadata.name);
    for (const rule of byKind('Ingress')[0]!.spec.rules)
      for (const p of rule.http.paths) expect(services).toContain(p.backend.service.name);
  });
});

describe('GitHub Actions workflow', () => {
  const src = readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8');

  it('is a valid workflow that runs the same checks as .ci/run', () => {
    expect(validateWorkflow(src).errors).toEqual([]);
    expect(src).toContain('bash .ci/run');
  });

  it('a broken workflow is refused (the validator is real)', () => {
    expect(
      validateWorkflow(src.replace('runs-on: ubuntu-latest', 'runs-on: 42\n    banana: yes')).errors,
    ).not.toEqual([]);
  });
});
