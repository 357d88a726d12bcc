/**
 * Git remote URLs -> the GitHub repository they name and the API that serves it: URL forms git
 * accepts (https with or without `.git` and credentials, `ssh://`, scp-like `git@host:`, `git://`),
 * `url.<base>.insteadOf` rewrites, SSH host aliases, github.com vs GitHub Enterprise Server.
 */
import { resolveSshHost, type SshResolveOptions } from './sshConfig';
import { effectiveRemoteUrls, noUrlRewrites, type UrlRewrites } from './urlRewrites';

export type RemoteProtocol = 'https' | 'http' | 'ssh' | 'git';

/** A remote URL read as host + repository path. */
export interface ParsedRemoteUrl {
  readonly protocol: RemoteProtocol;
  /** Lowercased, without port or user; for SSH the host as written (maybe an alias). */
  readonly host: string;
  readonly port?: number;
  /** The user of an SSH URL (`git`); never the credentials of an https URL. */
  readonly user?: string;
  readonly owner: string;
  readonly repo: string;
}

/** Why a remote cannot be used for GitHub. */
export type RemoteErrorKind =
  | 'invalid-url'
  | 'local-path'
  | 'unsupported-protocol'
  | 'not-owner-repo'
  | 'not-github'
  | 'no-remote';

/** A remote that names no GitHub repository; the message says which and why. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The URL with any `user:password@` of an http(s) URL replaced, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, (_, scheme: string) =>
    /^https?:\/\//i.test(scheme) ? `${scheme}***@` : _,
  );
}

const ownerPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const repoPattern = /^[A-Za-z0-9._-]{1,100}$/;

function ownerAndRepo(path: string, url: string): { owner: string; repo: string } {
  const segments = path
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .split('/')
    .filter((s) => s !== '');
  const [owner, rawRepo] = segments;
  if (segments.length !== 2 || owner === undefined || rawRepo === undefined) {
    throw new RemoteError(
      'not-owner-repo',
      `${redactUrl(url)}: the path must be <owner>/<repository>, got "${path}"`,
    );
  }
  const repo = rawRepo.endsWith('.git') ? rawRepo.slice(0, -'.git'.length) : rawRepo;
  let decodedOwner: string;
  let decodedRepo: string;
  try {
    decodedOwner = decodeURIComponent(owner);
    decodedRepo = decodeURIComponent(repo);
  } catch {
    throw new RemoteError('invalid-url', `${redactUrl(url)}: bad percent-encoding in the path`);
  }
  if (!ownerPattern.test(decodedOwner)) {
    throw new RemoteError(
      'not-owner-repo',
      `${redactUrl(url)}: "${decodedOwner}" is not a GitHub user or organisation name`,
    );
  }
  if (!repoPattern.test(decodedRepo) || decodedRepo === '.' || decodedRepo === '..') {
    throw new RemoteError(
      'not-owner-repo',
      `${redactUrl(url)}: "${decodedRepo}" is not a GitHub repository name`,
    );
  }
  return { owner: decodedOwner, repo: decodedRepo };
}

const schemeProtocols: Readonly<Record<string, RemoteProtocol>> = {
  https: 'https',
  http: 'http',
  ssh: 'ssh',
  'git+ssh': 'ssh',
  'ssh+git': 'ssh',
  git: 'git',
};

/**
 * Reads a remote URL as git does (transport.c, connect.c): `scheme://` URLs; otherwise a colon
 * before the first slash makes it scp-like `[user@]host:path`; anything else is a local path.
 */
export function parseRemoteUrl(url: string): ParsedRemoteUrl {
  const trimmed = url.trim();
  if (trimmed === '') {
    throw new RemoteError('invalid-url', 'the remote URL is empty');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    if (name === 'file') {
      throw new RemoteError('local-path', `${trimmed} is a local path, not a GitHub remote`);
    }
    const protocol = schemeProtocols[name];
    if (protocol === undefined) {
      throw new RemoteError(
        'unsupported-protocol',
        `${redactUrl(trimmed)}: the ${name}:// transport cannot reach GitHub (https, ssh or git)`,
      );
    }
    let parsed: URL;
    try {
      // ssh:// and git:// are non-special schemes for WHATWG URL: no default port is dropped
      // (ssh://host:443 stays 443), hosts keep their case (lowercased below).
      parsed = new URL(trimmed);
    } catch {
      throw new RemoteError('invalid-url', `${redactUrl(trimmed)} is not a valid URL`);
    }
    const port = parsed.port === '' ? undefined : Number(parsed.port);
    const user =
      protocol === 'ssh' && parsed.username !== ''
        ? decodeURIComponent(parsed.username)
        : undefined;
    return {
      protocol,
      host: parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(),
      ...(port !== undefined ? { port } : {}),
      ...(user !== undefined ? { user } : {}),
      ...ownerAndRepo(parsed.pathname, trimmed),
    };
  }
  if (/^[A-Za-z]:[\\/]/.test(trimmed) || trimmed.startsWith('\\\\')) {
    // C:\repo, C:/repo, \\server\share: git reads these as local paths on Windows.
    throw new RemoteError('local-path', `${trimmed} is a local path, not a GitHub remote`);
  }
  const colon = trimmed.indexOf(':');
  const slash = trimmed.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash || trimmed.startsWith('['))) {
    // scp-like: [user@]host:path or [user@][host]:path (brackets allow colons in the host)
    const scp = /^(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+):(.*)$/.exec(trimmed);
    if (!scp) {
      throw new RemoteError(
        'invalid-url',
        `${trimmed} is not a valid scp-like URL (user@host:path)`,
      );
    }
    const hostPart = (scp[2] ?? '').replace(/^\[(.*)\]$/, '$1');
    // [host:port]:path, an old git form
    const bracketPort = /^(.*):(\d+)$/.exec(hostPart);
    const host = (bracketPort && scp[2]?.startsWith('[') ? (bracketPort[1] ?? '') : hostPart)
      .toLowerCase()
      .trim();
    if (host === '') {
      throw new RemoteError('invalid-url', `${trimmed} has no host`);
    }
    const port = bracketPort && scp[2]?.startsWith('[') ? Number(bracketPort[2]) : undefined;
    return {
      protocol: 'ssh',
      host,
      ...(port !== undefined ? { port } : {}),
      ...(scp[1] !== undefined ? { user: scp[1] } : {}),
      ...ownerAndRepo(scp[3] ?? '', trimmed),
    };
  }
  throw new RemoteError('local-path', `${trimmed} is a local path, not a GitHub remote`);
}

/** A GitHub server: github.com or one GitHub Enterprise Server host. */
export interface GitHubHost {
  readonly kind: 'github.com' | 'enterprise';
  /** The host name, lowercased (github.com for github.com). */
  readonly host: string;
  /** Web origin, e.g. `https://github.com`, `https://ghe.example.com:8443`. */
  readonly webUrl: string;
  /** REST base URL for Octokit's `baseUrl`. */
  readonly apiUrl: string;
  /** GraphQL endpoint. */
  readonly graphqlUrl: string;
}

const githubComHosts = new Set(['github.com', 'www.github.com', 'ssh.github.com']);

export const githubCom: GitHubHost = {
  kind: 'github.com',
  host: 'github.com',
  webUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  graphqlUrl: 'https://api.github.com/graphql',
};

/**
 * The GitHub Enterprise server at `url` (a setting's value such as `https://ghe.example.com`).
 * GitHub Enterprise Server serves REST at `/api/v3` and GraphQL at `/api/graphql`; GitHub
 * Enterprise Cloud with data residency (`*.ghe.com`) serves both from `api.<host>`.
 */
export function enterpriseHost(url: string): GitHubHost {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new RemoteError('invalid-url', `GitHub Enterprise URL "${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new RemoteError(
      'invalid-url',
      `GitHub Enterprise URL "${url}" must start with https:// (or http://)`,
    );
  }
  const origin = parsed.origin;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host.endsWith('.ghe.com')) {
    const api = `${parsed.protocol}//api.${parsed.host}`;
    return { kind: 'enterprise', host, webUrl: origin, apiUrl: api, graphqlUrl: `${api}/graphql` };
  }
  return {
    kind: 'enterprise',
    host,
    webUrl: origin,
    apiUrl: `${origin}/api/v3`,
    graphqlUrl: `${origin}/api/graphql`,
  };
}

/**
 * The GitHub server of a remote's (real) host: github.com, or the configured enterprise URL with
 * the same host name; anything else is an error naming the setting to change.
 */
export function githubHostFor(host: string, enterpriseUrls: readonly string[]): GitHubHost {
  const lower = host.toLowerCase();
  if (githubComHosts.has(lower)) {
    return githubCom;
  }
  for (const url of enterpriseUrls) {
    const candidate = enterpriseHost(url);
    if (candidate.host === lower) {
      return candidate;
    }
  }
  throw new RemoteError(
    'not-github',
    `${host} is neither github.com nor a configured GitHub Enterprise URL` +
      (enterpriseUrls.length > 0 ? ` (configured: ${enterpriseUrls.join(', ')})` : ''),
  );
}

/** A remote as `git remote` and `git config remote.<name>.*` list it. */
export interface GitRemote {
  readonly name: string;
  readonly url: string;
  readonly pushUrl?: string;
}

/** A remote resolved to its GitHub repository. */
export interface GitHubRemote {
  readonly remoteName: string;
  readonly owner: string;
  readonly repo: string;
  readonly server: GitHubHost;
  /** The URLs git uses after insteadOf rewrites (the fetch URL redacted of credentials). */
  readonly fetchUrl: string;
  readonly pushUrl: string;
  readonly protocol: RemoteProtocol;
}

/** What remote resolution reads besides the remote itself. */
export interface RemoteContext {
  readonly rewrites?: UrlRewrites;
  /** The text of `~/.ssh/config`, when there is one. */
  readonly sshConfig?: string;
  readonly sshOptions?: Omit<SshResolveOptions, 'user'>;
  /** Configured GitHub Enterprise server URLs. */
  readonly enterpriseUrls?: readonly string[];
}

/**
 * The GitHub repository a remote fetches from: its URL after `insteadOf` rewrites, parsed, its
 * SSH host alias resolved through the ssh config, its host matched to github.com or an
 * enterprise server.
 */
export function resolveGitHubRemote(remote: GitRemote, context: RemoteContext = {}): GitHubRemote {
  const urls = effectiveRemoteUrls(
    { url: remote.url, ...(remote.pushUrl !== undefined ? { pushUrl: remote.pushUrl } : {}) },
    context.rewrites ?? noUrlRewrites,
  );
  let parsed: ParsedRemoteUrl;
  try {
    parsed = parseRemoteUrl(urls.fetchUrl);
  } catch (error) {
    if (error instanceof RemoteError) {
      throw new RemoteError(error.kind, `remote "${remote.name}": ${error.message}`);
    }
    throw error;
  }
  let host = parsed.host;
  if (parsed.protocol === 'ssh' && context.sshConfig !== undefined) {
    host = resolveSshHost(parsed.host, context.sshConfig, {
      ...context.sshOptions,
      ...(parsed.user !== undefined ? { user: parsed.user } : {}),
    }).hostName;
  }
  let server: GitHubHost;
  try {
    server = githubHostFor(host, context.enterpriseUrls ?? []);
  } catch (error) {
    if (error instanceof RemoteError) {
      const via = host !== parsed.host ? ` (ssh alias ${parsed.host})` : '';
      throw new RemoteError(
        error.kind,
        `remote "${remote.name}" (${redactUrl(urls.fetchUrl)}) is not a GitHub remote: ${error.message}${via}`,
      );
    }
    throw error;
  }
  return {
    remoteName: remote.name,
    owner: parsed.owner,
    repo: parsed.repo,
    server,
    fetchUrl: redactUrl(urls.fetchUrl),
    pushUrl: redactUrl(urls.pushUrl),
    protocol: parsed.protocol,
  };
}

/** The remotes tried when the setting lists none. */
export const defaultRemoteNames: readonly string[] = ['origin', 'upstream'];

/**
 * The remote to use for GitHub: the first of `preferred` (a setting; default origin, then
 * upstream) that exists and resolves to a GitHub repository. When none does, the error lists
 * each preferred remote and why it was not used.
 */
export function chooseGitHubRemote(
  remotes: readonly GitRemote[],
  preferred: readonly string[] = defaultRemoteNames,
  context: RemoteContext = {},
): GitHubRemote {
  const names = preferred.length > 0 ? preferred : defaultRemoteNames;
  const reasons: string[] = [];
  for (const name of names) {
    const remote = remotes.find((r) => r.name === name);
    if (!remote) {
      reasons.push(`no remote named "${name}"`);
      continue;
    }
    try {
      return resolveGitHubRemote(remote, context);
    } catch (error) {
      if (!(error instanceof RemoteError)) {
        throw error;
      }
      reasons.push(error.message);
    }
  }
  const available = remotes.map((r) => r.name).join(', ') || 'none';
  throw new RemoteError(
    remotes.length === 0 ? 'no-remote' : 'not-github',
    `no GitHub remote among ${names.join(', ')} (remotes: ${available}): ${reasons.join('; ')}`,
  );
}
