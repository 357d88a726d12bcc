import type { DependencyMap, ResourceChange } from './planModel';

/** What a destroyed or replaced resource can break: the resources that depend on it. */
export interface BlastRadius {
  /** The resource change the radius is about. */
  readonly address: string;
  /** Configuration addresses of the resources depending on it, directly or through others. */
  readonly dependentConfigAddresses: readonly string[];
  /**
   * The resource changes of the plan at those configuration addresses (every instance of a
   * `count`/`for_each` resource: the configuration does not say which instance refers to which).
   */
  readonly dependentAddresses: readonly string[];
}

/**
 * Answers blast-radius questions about one plan: built once (reverse edges, instances by
 * configuration address), then each question walks only the dependents. Cycles are cut.
 */
export class BlastRadiusIndex {
  private readonly dependents = new Map<string, string[]>();
  private readonly instances = new Map<string, string[]>();
  private readonly configAddressOf = new Map<string, string>();

  constructor(dependencies: DependencyMap, changes: readonly ResourceChange[]) {
    for (const [resource, dependsOn] of Object.entries(dependencies)) {
      for (const target of dependsOn) {
        let list = this.dependents.get(target);
        if (list === undefined) {
          list = [];
          this.dependents.set(target, list);
        }
        list.push(resource);
      }
    }
    for (const change of changes) {
      this.configAddressOf.set(change.address, change.configAddress);
      let list = this.instances.get(change.configAddress);
      if (list === undefined) {
        list = [];
        this.instances.set(change.configAddress, list);
      }
      list.push(change.address);
    }
  }

  /** The blast radius of the resource change at `address` (empty when unknown). */
  of(address: string): BlastRadius {
    const start = this.configAddressOf.get(address);
    if (start === undefined) {
      return { address, dependentConfigAddresses: [], dependentAddresses: [] };
    }
    const seen = new Set<string>([start]);
    const queue = [start];
    // The queue grows while it is walked: for-of reads its length at every step.
    for (const node of queue) {
      for (const next of this.dependents.get(node) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    seen.delete(start);
    const configs = [...seen].sort();
    const addresses = configs.flatMap((c) => this.instances.get(c) ?? []);
    return { address, dependentConfigAddresses: configs, dependentAddresses: addresses };
  }
}
