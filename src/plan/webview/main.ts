// The Plan Preview webview: renders the view model the extension host posts (see ../protocol.ts)
// as one keyboard-driven tree, virtualised (only the rows in sight are in the DOM) so that a
// plan of 10,000 resources stays interactive. No framework: the tree is a flat list of rows.
import type { KubernetesView } from '../core/kubernetesView';
import type { PlanView, PlanViewAttribute } from '../core/planView';
import type { HostMessage, KubernetesRestore, WebviewMessage } from '../protocol';
import {
  buildKubernetesRows,
  kubernetesCountsOf,
  manifestSymbol,
  type KubernetesGroupBy,
} from './kubernetesRows';
import { buildRows, countsOf, emptyCounts, parentOf, type GroupBy, type Row } from './planRows';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const rowHeight = 22;
/** Rows rendered above and below the visible ones, so that scrolling shows no gap. */
const overscan = 12;

/** What survives the panel being hidden and shown again. */
interface UiState {
  groupBy: GroupBy;
  /** Kubernetes changes are grouped by namespace or by kind. */
  kubernetesGroupBy: KubernetesGroupBy;
  filter: string;
  all: boolean;
  collapsed: string[];
  expanded: number[];
  /** The plan file, for the host to reopen a restored panel (see ShowPlanMessage.restore). */
  planUri?: string;
  /** The folder and base of Kubernetes changes (see ShowKubernetesMessage.restore). */
  kubernetes?: KubernetesRestore;
}

const saved = vscode.getState() as Partial<UiState> | undefined;
const ui: UiState = {
  groupBy: saved?.groupBy ?? 'module',
  kubernetesGroupBy: saved?.kubernetesGroupBy ?? 'namespace',
  filter: saved?.filter ?? '',
  all: saved?.all ?? false,
  collapsed: saved?.collapsed ?? ['drift-other'],
  expanded: saved?.expanded ?? [],
  ...(saved?.planUri === undefined ? {} : { planUri: saved.planUri }),
  ...(saved?.kubernetes === undefined ? {} : { kubernetes: saved.kubernetes }),
};
const collapsed = new Set(ui.collapsed);
const expanded = new Set(ui.expanded);
const details = new Map<string, readonly PlanViewAttribute[] | 'loading'>();

let view: PlanView | undefined;
let kubernetes: KubernetesView | undefined;
let rows: Row[] = [];
let active = 0;
let renderQueued = false;

const app = element('div', 'app');
document.body.append(app);

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className !== undefined) {
    e.className = className;
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function saveState(): void {
  ui.collapsed = [...collapsed];
  ui.expanded = [...expanded];
  vscode.setState(ui);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'plan':
      if (message.restore !== undefined) {
        ui.planUri = message.restore.planUri;
        saveState();
      }
      view = message.view;
      kubernetes = undefined;
      details.clear();
      renderPlan(message.view);
      post({
        type: 'ready',
        view: message.view.noChanges ? 'no-changes' : 'plan',
        headline: message.view.headline,
        counts: countsOf(message.view),
      });
      break;
    case 'kubernetes':
      if (message.restore !== undefined) {
        ui.kubernetes = message.restore;
        saveState();
      }
      view = undefined;
      kubernetes = message.view;
      renderKubernetes(message.view);
      post({
        type: 'ready',
        view: message.view.noChanges ? 'no-changes' : 'kubernetes',
        headline: message.view.headline,
        counts: kubernetesCountsOf(message.view),
      });
      break;
    case 'error':
      view = undefined;
      kubernetes = undefined;
      renderError(message.title, message.message, message.hint);
      post({ type: 'ready', view: 'error', headline: message.title, counts: emptyCounts() });
      break;
    case 'details':
      details.set(detailsKey(message.id, message.all), message.attributes);
      rebuild();
      break;
  }
});

function renderError(title: string, message: string, hint: string | undefined): void {
  app.replaceChildren();
  const box = element('div', 'error-view');
  box.setAttribute('role', 'alert');
  box.append(
    element('div', 'error-icon', '⚠'),
    element('h1', undefined, title),
    element('p', 'error-message', message),
    element(
      'p',
      'dim',
      hint ??
        'The preview reads the JSON of a saved plan: terraform plan -out=plan.tfplan, then terraform show -json plan.tfplan > plan.json (tofu works the same).',
    ),
  );
  app.append(box);
}

// ---- the plan ----

let list: HTMLDivElement;
let spacer: HTMLDivElement;
let filterInput: HTMLInputElement;

function renderPlan(v: PlanView): void {
  app.replaceChildren();
  const header = element('header', 'header');
  const title = element('div', 'title');
  title.append(
    element('span', 'file', v.title),
    element(
      'span',
      'dim',
      [
        v.terraformVersion === undefined ? '' : `Terraform ${v.terraformVersion}`,
        `format ${v.formatVersion}`,
      ]
        .filter((s) => s !== '')
        .join(' · '),
    ),
  );
  const headline = element('h1', v.noChanges ? 'headline no-changes' : 'headline', v.headline);
  headline.id = 'headline';
  header.append(title, headline);
  if (v.details !== '') {
    header.append(element('div', 'details', v.details));
  }
  if (v.errored) {
    header.append(
      element(
        'div',
        'banner danger',
        'Planning failed: this plan is incomplete and cannot be applied.',
      ),
    );
  }
  const dangerous = v.resources.filter((r) => r.dangerous).length;
  if (dangerous > 0) {
    const banner = element('div', 'banner danger');
    banner.append(
      element(
        'span',
        undefined,
        `⚠ ${dangerous} resource${dangerous === 1 ? '' : 's'} will be destroyed or replaced (listed first).`,
      ),
    );
    const only = element('button', 'link', 'Show only these');
    only.addEventListener('click', () => {
      setFilter('is:dangerous');
    });
    banner.append(only);
    header.append(banner);
  }
  header.append(toolbar());
  app.append(
    header,
    tree(),
    element(
      'div',
      'hint dim',
      '↑ ↓ move · → ← open and close · Enter open/close · G go to the .tf source · / filter',
    ),
  );
  rebuild();
}

/** The scrolling, virtualised tree both views render into. */
function tree(): HTMLDivElement {
  list = element('div', 'tree');
  list.tabIndex = 0;
  list.setAttribute('role', 'tree');
  list.setAttribute('aria-labelledby', 'headline');
  spacer = element('div', 'spacer');
  list.append(spacer);
  list.addEventListener('scroll', queueRender);
  list.addEventListener('keydown', onKey);
  list.addEventListener('click', onClick);
  return list;
}

// ---- Kubernetes changes ----

function renderKubernetes(v: KubernetesView): void {
  app.replaceChildren();
  const header = element('header', 'header');
  const title = element('div', 'title');
  title.append(
    element('span', 'file', v.title),
    element(
      'span',
      'dim',
      [
        `base: ${v.base}`,
        v.scope === '' ? '' : `under ${v.scope}`,
        `${v.files} changed manifest file${v.files === 1 ? '' : 's'}`,
      ]
        .filter((s) => s !== '')
        .join(' · '),
    ),
  );
  const headline = element('h1', v.noChanges ? 'headline no-changes' : 'headline', v.headline);
  headline.id = 'headline';
  header.append(title, headline);
  if (v.counts.remove > 0) {
    const banner = element('div', 'banner danger');
    banner.append(
      element(
        'span',
        undefined,
        `⚠ ${v.counts.remove} resource${v.counts.remove === 1 ? '' : 's'} will be removed (listed first).`,
      ),
    );
    const only = element('button', 'link', 'Show only these');
    only.addEventListener('click', () => {
      setFilter('action:remove');
    });
    banner.append(only);
    header.append(banner);
  }
  if (v.problems.length > 0) {
    header.append(
      element(
        'div',
        'banner danger',
        `${v.problems.length} manifest${v.problems.length === 1 ? '' : 's'} could not be parsed: their resources may be missing from the comparison.`,
      ),
    );
  }
  header.append(kubernetesToolbar());
  app.append(
    header,
    tree(),
    element(
      'div',
      'hint dim',
      '↑ ↓ move · → ← open and close · Enter open/close · G go to the manifest · / filter',
    ),
  );
  rebuild();
}

function kubernetesToolbar(): HTMLElement {
  const bar = element('div', 'toolbar');
  filterInput = filterBox('Filter: name, file, action:remove, kind:Deployment, ns:shop');
  const group = groupBySelect(
    [
      ['namespace', 'Group by namespace'],
      ['kind', 'Group by kind'],
    ],
    ui.kubernetesGroupBy,
    (value) => {
      ui.kubernetesGroupBy = value;
    },
  );
  bar.append(filterInput, group, collapseButton(), copyButton());
  return bar;
}

function toolbar(): HTMLElement {
  const bar = element('div', 'toolbar');
  filterInput = filterBox('Filter: address, action:delete, type:aws_instance, is:dangerous');
  const group = groupBySelect(
    [
      ['module', 'Group by module'],
      ['action', 'Group by action'],
      ['type', 'Group by type'],
    ],
    ui.groupBy,
    (value) => {
      ui.groupBy = value;
    },
  );
  const allLabel = element('label', 'check');
  const all = element('input');
  all.type = 'checkbox';
  all.checked = ui.all;
  all.addEventListener('change', () => {
    ui.all = all.checked;
    saveState();
    for (const id of expanded) {
      requestDetails(id);
    }
    rebuild();
  });
  allLabel.append(all, document.createTextNode(' All attributes'));
  const diagram = element('button', 'button secondary', 'Show Diagram');
  diagram.title = 'What depends on what in this plan, coloured by planned action';
  diagram.addEventListener('click', () => {
    post({ type: 'showDiagram' });
  });
  bar.append(filterInput, group, allLabel, collapseButton(), diagram, copyButton());
  return bar;
}

/** The "Group by" menu of a toolbar: the choice is kept in the webview state and redraws the tree. */
function groupBySelect<T extends string>(
  choices: readonly (readonly [T, string])[],
  current: T,
  choose: (value: T) => void,
): HTMLSelectElement {
  const group = element('select', 'group-by');
  group.setAttribute('aria-label', 'Group resources by');
  for (const [value, label] of choices) {
    const option = element('option', undefined, label);
    option.value = value;
    option.selected = current === value;
    group.append(option);
  }
  group.addEventListener('change', () => {
    choose(group.value as T);
    saveState();
    rebuild();
  });
  return group;
}

function copyButton(): HTMLButtonElement {
  const copy = element('button', 'button', 'Copy as Markdown');
  copy.addEventListener('click', () => {
    post({ type: 'copyMarkdown' });
  });
  return copy;
}

function filterBox(placeholder: string): HTMLInputElement {
  const input = element('input', 'filter');
  input.type = 'search';
  input.placeholder = placeholder;
  input.setAttribute('aria-label', 'Filter resources');
  input.value = ui.filter;
  input.addEventListener('input', () => {
    ui.filter = input.value;
    saveState();
    rebuild();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      list.focus();
    }
  });
  return input;
}

function collapseButton(): HTMLButtonElement {
  const collapse = element('button', 'button secondary', 'Collapse all');
  collapse.addEventListener('click', () => {
    for (const row of rows) {
      if (row.kind === 'group') {
        collapsed.add(row.key);
      }
    }
    expanded.clear();
    saveState();
    rebuild();
  });
  return collapse;
}

function setFilter(text: string): void {
  filterInput.value = text;
  ui.filter = text;
  saveState();
  rebuild();
}

function detailsKey(id: number, all: boolean): string {
  return `${id}:${all}`;
}

function requestDetails(id: number): void {
  const key = detailsKey(id, ui.all);
  if (!details.has(key)) {
    details.set(key, 'loading');
    post({ type: 'details', id, all: ui.all });
  }
}

/** Rebuilds the flat row list from the view, the filter and what is open, then renders. */
function rebuild(): void {
  if (kubernetes !== undefined) {
    rows = buildKubernetesRows(kubernetes, {
      groupBy: ui.kubernetesGroupBy,
      filter: ui.filter,
      collapsed,
      expanded,
    });
    active = Math.min(active, Math.max(0, rows.length - 1));
    spacer.style.height = `${rows.length * rowHeight}px`;
    renderWindow();
    return;
  }
  if (view === undefined) {
    return;
  }
  const built = buildRows(view, {
    groupBy: ui.groupBy,
    filter: ui.filter,
    all: ui.all,
    collapsed,
    expanded,
    details: (id, all) => details.get(detailsKey(id, all)),
  });
  rows = built.rows;
  for (const id of built.missing) {
    requestDetails(id);
  }
  active = Math.min(active, Math.max(0, rows.length - 1));
  spacer.style.height = `${rows.length * rowHeight}px`;
  renderWindow();
}

// ---- rendering the rows in sight ----

function queueRender(): void {
  if (!renderQueued) {
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      renderWindow();
    });
  }
}

function renderWindow(): void {
  const first = Math.max(0, Math.floor(list.scrollTop / rowHeight) - overscan);
  const count = Math.ceil(list.clientHeight / rowHeight) + 2 * overscan;
  const last = Math.min(rows.length, first + count);
  const fragment = document.createDocumentFragment();
  for (let i = first; i < last; i++) {
    const row = rows[i];
    if (row !== undefined) {
      fragment.append(renderRow(row, i));
    }
  }
  spacer.replaceChildren(fragment);
  list.setAttribute('aria-activedescendant', `row-${active}`);
}

function renderRow(row: Row, index: number): HTMLElement {
  const e = element('div', `row ${row.kind}`);
  e.id = `row-${index}`;
  e.dataset.index = String(index);
  e.style.top = `${index * rowHeight}px`;
  e.style.paddingLeft = `${8 + row.depth * 16}px`;
  e.setAttribute('role', 'treeitem');
  e.setAttribute('aria-level', String(row.depth + 1));
  if (index === active) {
    e.classList.add('active');
  }
  switch (row.kind) {
    case 'section':
    case 'group': {
      e.setAttribute('aria-expanded', String(row.open));
      e.append(
        element('span', 'twisty', row.open ? '▾' : '▸'),
        element('span', row.danger ? 'label danger' : 'label', row.label),
        element('span', 'count', String(row.count)),
      );
      break;
    }
    case 'resource': {
      const r = row.resource;
      e.setAttribute('aria-expanded', String(row.open));
      if (r.dangerous) {
        e.classList.add('dangerous');
      }
      const address = element('a', 'address', r.address);
      address.title = 'Go to the resource block in the .tf files (G)';
      address.dataset.source = r.address;
      e.append(
        element('span', 'twisty', row.open ? '▾' : '▸'),
        element('span', `symbol action-${r.action}`, r.symbol.trim() === '' ? '·' : r.symbol),
        address,
        element('span', 'description', r.description),
      );
      e.title = `${r.address}: ${r.description}`;
      break;
    }
    case 'manifest': {
      const r = row.resource;
      e.setAttribute('aria-expanded', String(row.open));
      if (r.action === 'remove') {
        e.classList.add('dangerous');
      }
      const action = r.action === 'remove' ? 'delete' : r.action === 'add' ? 'create' : 'update';
      const address = element('a', 'address', r.title);
      address.title = `Open ${r.location}${r.action === 'remove' ? ' (base version)' : ''} (G)`;
      address.dataset.target = String(r.target);
      e.append(
        element('span', 'twisty', row.open ? '▾' : '▸'),
        element('span', `symbol action-${action}`, manifestSymbol(r)),
        address,
        element('span', 'description', describeManifest(r)),
      );
      e.title = `${r.title}: ${describeManifest(r)}`;
      break;
    }
    case 'note':
      e.classList.add(row.tone);
      if (row.target === undefined) {
        e.append(element('span', 'text', row.text));
      } else {
        const link = element('a', 'text address', row.text);
        link.dataset.target = String(row.target);
        e.append(link);
      }
      e.title = row.text;
      break;
    case 'attribute': {
      const a = row.attribute;
      const symbol =
        a.change === 'added'
          ? '+'
          : a.change === 'removed'
            ? '-'
            : a.change === 'updated'
              ? '~'
              : ' ';
      e.classList.add(`change-${a.change}`);
      e.append(
        element('span', 'symbol', symbol),
        element('span', 'path', a.path),
        element('span', 'eq', ' = '),
      );
      if (a.lines !== undefined) {
        e.append(element('span', 'dim', '(line by line below)'));
      } else if (a.change === 'added') {
        e.append(value(a.after));
      } else if (a.change === 'removed') {
        e.append(
          value(a.before),
          element('span', 'arrow', ' → '),
          element('span', 'value', 'null'),
        );
      } else if (a.change === 'unchanged') {
        e.append(value(a.after));
      } else {
        e.append(value(a.before), element('span', 'arrow', ' → '), value(a.after));
      }
      if (a.forcesReplacement) {
        e.append(element('span', 'forces', '# forces replacement'));
      }
      e.title = `${a.path}: ${a.before.text} → ${a.after.text}`;
      break;
    }
    case 'line':
      e.classList.add(
        row.op === '+' ? 'line-added' : row.op === '-' ? 'line-removed' : 'line-kept',
      );
      e.append(element('span', 'symbol', row.op), element('span', 'code', row.text));
      break;
    case 'value':
      e.append(
        element('span', 'symbol', row.symbol),
        element('span', 'path', row.label),
        element('span', 'eq', ' = '),
      );
      if (row.before !== '' && row.before !== row.after) {
        e.append(valueText(row.before), element('span', 'arrow', ' → '));
      }
      e.append(valueText(row.after));
      break;
  }
  return e;
}

function describeManifest(r: {
  action: string;
  location: string;
  fields: readonly unknown[];
}): string {
  switch (r.action) {
    case 'add':
      return `will be added · ${r.location}`;
    case 'remove':
      return `will be removed · ${r.location}`;
    default:
      return `${r.fields.length} field${r.fields.length === 1 ? '' : 's'} changed · ${r.location}`;
  }
}

/** A rendered value; a masked one (a Secret's) in the style of Terraform's sensitive values. */
function valueText(text: string): HTMLElement {
  return element('span', text === '(sensitive)' ? 'value value-sensitive' : 'value', text);
}

function value(v: { kind: string; text: string }): HTMLElement {
  return element('span', `value value-${v.kind}`, v.text);
}

// ---- keyboard and mouse ----

function setActive(index: number): void {
  active = Math.max(0, Math.min(rows.length - 1, index));
  const top = active * rowHeight;
  if (top < list.scrollTop) {
    list.scrollTop = top;
  } else if (top + rowHeight > list.scrollTop + list.clientHeight) {
    list.scrollTop = top + rowHeight - list.clientHeight;
  }
  renderWindow();
}

function toggle(index: number, open?: boolean): void {
  const row = rows[index];
  if (row === undefined) {
    return;
  }
  if (row.kind === 'section' || row.kind === 'group') {
    const next = open ?? !row.open;
    if (next) {
      collapsed.delete(row.key);
    } else {
      collapsed.add(row.key);
    }
  } else if (row.kind === 'resource' || row.kind === 'manifest') {
    const next = open ?? !row.open;
    if (next) {
      expanded.add(row.resource.id);
    } else {
      expanded.delete(row.resource.id);
    }
  } else if (row.kind === 'note' && row.target !== undefined) {
    post({ type: 'openManifest', target: row.target });
    return;
  } else {
    return;
  }
  saveState();
  rebuild();
}

function onKey(e: KeyboardEvent): void {
  const row = rows[active];
  const page = Math.max(1, Math.floor(list.clientHeight / rowHeight) - 1);
  switch (e.key) {
    case 'ArrowDown':
      setActive(active + 1);
      break;
    case 'ArrowUp':
      setActive(active - 1);
      break;
    case 'PageDown':
      setActive(active + page);
      break;
    case 'PageUp':
      setActive(active - page);
      break;
    case 'Home':
      setActive(0);
      break;
    case 'End':
      setActive(rows.length - 1);
      break;
    case 'ArrowRight':
      if (row !== undefined && 'open' in row && !row.open) {
        toggle(active, true);
      } else {
        setActive(active + 1);
      }
      break;
    case 'ArrowLeft':
      if (row !== undefined && 'open' in row && row.open) {
        toggle(active, false);
      } else {
        setActive(parentOf(rows, active));
      }
      break;
    case 'Enter':
    case ' ':
      toggle(active);
      break;
    case 'g':
    case 'G':
      if (row?.kind === 'resource') {
        post({ type: 'openSource', address: row.resource.address });
      } else if (row?.kind === 'manifest') {
        post({ type: 'openManifest', target: row.resource.target });
      } else if (row?.kind === 'note' && row.target !== undefined) {
        post({ type: 'openManifest', target: row.target });
      }
      break;
    case '/':
      filterInput.focus();
      break;
    default:
      return;
  }
  e.preventDefault();
}

function onClick(e: MouseEvent): void {
  const target = e.target instanceof HTMLElement ? e.target : undefined;
  const rowElement = target?.closest<HTMLElement>('.row');
  if (rowElement === null || rowElement === undefined) {
    return;
  }
  const index = Number(rowElement.dataset.index);
  active = index;
  const manifest = target?.closest<HTMLElement>('[data-target]')?.dataset.target;
  if (manifest !== undefined) {
    post({ type: 'openManifest', target: Number(manifest) });
    renderWindow();
    return;
  }
  const source = target?.closest<HTMLElement>('[data-source]')?.dataset.source;
  if (source !== undefined) {
    post({ type: 'openSource', address: source });
    renderWindow();
    return;
  }
  toggle(index);
}

window.addEventListener('resize', queueRender);
post({ type: 'hello' });
