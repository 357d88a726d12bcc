// The one place that names command, view and setting ids. test/unit/host/ids.test.ts checks these
// against package.json in both directions, so a rename cannot leave a dangling contribution.
// No 'vscode' import here: unit tests and the CLI read this file too.

/** Command ids contributed in package.json `contributes.commands`. */
export const Commands = {
  showLog: 'infraWorkbench.showLog',
  refreshInfraFiles: 'infraWorkbench.refreshInfraFiles',
  chooseFormat: 'infraWorkbench.chooseFormat',
  validateWorkspace: 'infraWorkbench.validateWorkspace',
  newRunbook: 'infraWorkbench.runbook.new',
  startRunbook: 'infraWorkbench.runbook.start',
  runRunbookStep: 'infraWorkbench.runbook.runStep',
  copyRunbookCommand: 'infraWorkbench.runbook.copyCommand',
  createRunbookForAlert: 'infraWorkbench.runbook.createForAlert',
  openRunbook: 'infraWorkbench.runbook.open',
  previewPlanFile: 'infraWorkbench.plan.previewFile',
  /** Internal: previews plan JSON read elsewhere (a pull request's plan at its head). */
  previewPlanText: 'infraWorkbench.plan.previewText',
  createPlan: 'infraWorkbench.plan.create',
  copyPlanMarkdown: 'infraWorkbench.plan.copyMarkdown',
  showDiagram: 'infraWorkbench.diagram.show',
  showWorkspaceDiagram: 'infraWorkbench.diagram.showWorkspace',
  showPlanDiagram: 'infraWorkbench.diagram.showPlan',
  previewKubernetesChanges: 'infraWorkbench.plan.previewKubernetesChanges',
  githubSignIn: 'infraWorkbench.github.signIn',
  refreshPullRequests: 'infraWorkbench.github.refreshPullRequests',
  refreshIssues: 'infraWorkbench.github.refreshIssues',
  githubLoadMore: 'infraWorkbench.github.loadMore',
  githubOpenInBrowser: 'infraWorkbench.github.openInBrowser',
  createPullRequest: 'infraWorkbench.github.createPullRequest',
  checkoutPullRequest: 'infraWorkbench.github.checkoutPullRequest',
  approvePullRequest: 'infraWorkbench.github.approvePullRequest',
  requestChanges: 'infraWorkbench.github.requestChanges',
  commentOnPullRequest: 'infraWorkbench.github.commentOnPullRequest',
  mergePullRequest: 'infraWorkbench.github.mergePullRequest',
  // Pull request details and issue actions (issue 8).
  githubOpenPullRequestFile: 'infraWorkbench.github.openPullRequestFile',
  githubShowCheckSummary: 'infraWorkbench.github.showCheckSummary',
  githubPreviewInfrastructureChange: 'infraWorkbench.github.previewInfrastructureChange',
  githubStartWorkOnIssue: 'infraWorkbench.github.startWorkOnIssue',
  githubCommentOnIssue: 'infraWorkbench.github.commentOnIssue',
  githubCreateIssue: 'infraWorkbench.github.createIssue',
  githubCreateIssueForProblem: 'infraWorkbench.github.createIssueForProblem',
} as const;

/** VS Code's own commands the extension runs. */
export const BuiltinCommands = {
  showProblems: 'workbench.actions.view.problems',
  openSettings: 'workbench.action.openSettings',
  manageTrust: 'workbench.trust.manage',
} as const;

/** Webview panel types (also `onWebviewPanel:` activation events in package.json). */
export const Panels = {
  planPreview: 'infraWorkbench.planPreview',
  diagram: 'infraWorkbench.diagram',
} as const;

/** View container ids contributed in `contributes.viewsContainers`. */
export const ViewContainers = {
  main: 'infraWorkbench',
} as const;

/** View ids contributed in `contributes.views`. */
export const Views = {
  infraFiles: 'infraWorkbench.infraFiles',
  runbooks: 'infraWorkbench.runbooks',
  pullRequests: 'infraWorkbench.pullRequests',
  issues: 'infraWorkbench.issues',
} as const;

/** The settings section; every key of {@link Settings} lives under it. */
export const settingsSection = 'infraWorkbench';

/** Setting keys (relative to {@link settingsSection}) contributed in `contributes.configuration`. */
export const Settings = {
  validationEnable: 'validation.enable',
  filesExclude: 'files.exclude',
  kubernetesVersion: 'kubernetes.version',
  schemas: 'schemas',
  validationFormats: 'validation.formats',
  maxFileSize: 'validation.maxFileSize',
  validationWorkspace: 'validation.workspace',
  missingReferences: 'validation.missingReferences',
  unroutedAlerts: 'validation.unroutedAlerts',
  runbookUrlPrefixes: 'runbooks.urlPrefixes',
  terraformPath: 'plan.terraformPath',
  githubRemotes: 'github.remotes',
  githubEnterpriseUrl: 'github.enterpriseUrl',
  githubQueries: 'github.queries',
  githubIssueGrouping: 'github.issueGrouping',
  githubBranchTemplate: 'github.branchTemplate',
  githubRefreshInterval: 'github.refreshInterval',
} as const;

/** Context keys the extension sets (used in package.json `when` clauses). */
export const ContextKeys = {
  /** `signedOut`, `noRepository`, `ready` or `loading`: which GitHub welcome view shows. */
  githubState: 'infraWorkbench.github.state',
} as const;

/** The name of the diagnostic collection of one source (`infra-workbench.kubernetes`). */
export function diagnosticCollectionName(source: string): string {
  return `infra-workbench.${source}`;
}
