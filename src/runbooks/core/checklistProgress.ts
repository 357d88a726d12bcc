/**
 * Which steps of each runbook are done, for the session: the "Start runbook" checklist reads
 * and writes it. Keyed by a runbook key the caller chooses (file and name); step ids that no
 * longer exist in the runbook are ignored when reading.
 */
export class ChecklistProgress {
  private readonly done = new Map<string, Set<string>>();

  /** The done step ids of a runbook, among `stepIds`, in their order. */
  doneSteps(runbookKey: string, stepIds: readonly string[]): string[] {
    const done = this.done.get(runbookKey);
    return done === undefined ? [] : stepIds.filter((id) => done.has(id));
  }

  /** The first step not done yet, or undefined when all are. */
  nextStep(runbookKey: string, stepIds: readonly string[]): string | undefined {
    const done = this.done.get(runbookKey);
    return stepIds.find((id) => done?.has(id) !== true);
  }

  /** Replaces the done steps of a runbook. */
  setDone(runbookKey: string, stepIds: Iterable<string>): void {
    this.done.set(runbookKey, new Set(stepIds));
  }

  markDone(runbookKey: string, stepId: string): void {
    const done = this.done.get(runbookKey) ?? new Set<string>();
    done.add(stepId);
    this.done.set(runbookKey, done);
  }

  /** "2/5 done" */
  summary(runbookKey: string, stepIds: readonly string[]): string {
    return `${this.doneSteps(runbookKey, stepIds).length}/${stepIds.length} done`;
  }

  reset(runbookKey: string): void {
    this.done.delete(runbookKey);
  }
}
