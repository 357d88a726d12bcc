/**
 * Runs the GitHub API double with the demo seed until stopped, for trying the extension by hand
 * or from another process: `npx tsx test/github-double/serve.ts`. Prints one JSON line with the
 * enterprise URL to configure and the token of the seeded user.
 */
import { demoToken, seedDemo } from './demoSeed';
import { GitHubDouble } from './githubDouble';

async function main(): Promise<void> {
  const double = new GitHubDouble();
  await double.start();
  seedDemo(double);
  process.stdout.write(
    `${JSON.stringify({ url: double.url, apiUrl: double.apiUrl, graphqlUrl: double.graphqlUrl, token: demoToken })}\n`,
  );
  const stop = (): void => {
    for (const failure of double.failures) {
      process.stderr.write(`github-double failure: ${failure}\n`);
    }
    void double.stop().then(() => process.exit(double.failures.length > 0 ? 1 : 0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
