import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import manifest from '../../../package.json';
import {
  Commands,
  Panels,
  Settings,
  settingsSection,
  ViewContainers,
  Views,
} from '../../../src/host/ids';
import {
  bundledKubernetesVersions,
  defaultKubernetesVersion,
} from '../../../src/validation/core/kubernetesSchemas';

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('ids and package.json', () => {
  it('names exactly the contributed commands', () => {
    assert.deepEqual(
      sorted(Object.values(Commands)),
      sorted(manifest.contributes.commands.map((c) => c.command)),
    );
  });

  it('names exactly the contributed view containers and views', () => {
    assert.deepEqual(
      sorted(Object.values(ViewContainers)),
      sorted(manifest.contributes.viewsContainers.activitybar.map((c) => c.id)),
    );
    assert.deepEqual(
      sorted(Object.values(Views)),
      sorted(Object.values(manifest.contributes.views).flatMap((views) => views.map((v) => v.id))),
    );
  });

  it('names exactly the contributed settings', () => {
    assert.deepEqual(
      sorted(Object.values(Settings).map((key) => `${settingsSection}.${key}`)),
      sorted(Object.keys(manifest.contributes.configuration.properties)),
    );
  });

  it('offers exactly the bundled Kubernetes versions, defaulting to the newest', () => {
    const setting =
      manifest.contributes.configuration.properties['infraWorkbench.kubernetes.version'];
    assert.deepEqual(setting.enum, [...bundledKubernetesVersions]);
    assert.equal(setting.default, defaultKubernetesVersion);
    for (const version of bundledKubernetesVersions) {
      assert.ok(
        existsSync(path.join(__dirname, '..', '..', '..', 'schemas', `kubernetes-${version}.json`)),
      );
    }
  });

  it('uses only command ids of ours in menus and welcome views', () => {
    const ours = new Set<string>(Object.values(Commands));
    for (const item of [
      ...manifest.contributes.menus['view/title'],
      ...manifest.contributes.menus['explorer/context'],
    ]) {
      assert.ok(ours.has(item.command), item.command);
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const [, id] of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(id !== undefined && ours.has(id), id);
      }
    }
  });

  it('activates to restore each webview panel', () => {
    for (const panel of Object.values(Panels)) {
      assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${panel}`), panel);
    }
  });

  it('activates lazily and declares limited untrusted support', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });
});
