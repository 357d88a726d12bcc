import * as assert from 'node:assert/strict';
import { readPlanModel } from '../../../src/plan/core/buildPlanModel';
import { formatPlanMarkdown } from '../../../src/plan/core/formatPlanMarkdown';
import { formatPlanText } from '../../../src/plan/core/formatPlanText';
import { buildPlanReport } from '../../../src/plan/core/planReport';
import { actionsFixtureSecrets, fixtureText } from './planFixtures';

const secrets = actionsFixtureSecrets;

describe('plan summaries', () => {
  const report = buildPlanReport(readPlanModel(fixtureText('terraform-actions.json')));

  it('lists destroys and replacements first, marked, and collapses the rest', () => {
    const markdown = formatPlanMarkdown(report);
    const lines = markdown.split('\n');
    assert.equal(
      lines[0],
      '**Plan: 1 to import, 4 to add, 2 to change, 4 to destroy, 2 to forget.**',
    );
    const warning = lines.indexOf('### :warning: Destroyed or replaced (5)');
    const details = lines.indexOf('<details>');
    assert.ok(warning > 0 && details > warning, markdown);
    const dangerous = lines.slice(warning, details).filter((l) => l.startsWith('- **'));
    assert.deepEqual(dangerous, [
      '- **-/+ `aws_vpc.main`** must be replaced (destroy before create), because a changed attribute cannot be updated in place',
      '- **+/- `aws_instance.web[0]`** must be replaced (create before destroy), because it is tainted',
      '- **- `aws_instance.web[1]`** will be destroyed, deposed object a1b2c3d4',
      '- **- `aws_db_instance.legacy`** will be destroyed, because it is no longer in the configuration',
      '- **+/- `aws_s3_bucket.logs`** must be replaced (create before destroy, old object forgotten, not destroyed), because a changed attribute cannot be updated in place',
    ]);
    assert.ok(markdown.includes('  - forces replacement: `cidr_block`'));
    assert.ok(
      markdown.includes('  - blast radius: 1 dependent resource: `aws_security_group.web`'),
    );
    assert.ok(markdown.includes('<summary>Other changes (8)</summary>'));
    assert.ok(
      markdown.includes(
        '- ? `aws_thing.future` has actions \\["teleport"\\], reason: teleport\\_because\\_cosmic\\_rays',
      ),
    );
    assert.ok(markdown.includes('    ```diff\n'));
    assert.ok(markdown.includes('- `db_password` update: `(sensitive value)`'));
  });

  it('never shows a sensitive value', () => {
    for (const text of [
      formatPlanMarkdown(report),
      formatPlanText(report),
      JSON.stringify(report),
    ]) {
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `${secret} shown`);
      }
    }
  });

  it('prints a terminal summary with the counts first', () => {
    const text = formatPlanText(report);
    assert.match(
      text,
      /^Plan: 1 to import, 4 to add, 2 to change, 4 to destroy, 2 to forget\.\n\(3 to replace, 1 moved, 1 to read, 1 with unknown actions, 2 outputs changing\)\n\nDestroyed or replaced \(5\):\n-\/\+ aws_vpc\.main/,
    );
    assert.ok(
      text.includes('      ~ cidr_block: "10.0.0.0/16" -> "10.1.0.0/16"  # forces replacement\n'),
    );
    assert.ok(text.includes('      ~ id: "vpc-1" -> (known after apply)\n'));
    assert.ok(text.includes('      ~ user_data: (sensitive value) -> (sensitive value)\n'));
    assert.ok(text.includes('    aws_instance.moved_here  moved from aws_instance.old_name\n'));
    assert.ok(text.includes('    aws_instance.imported  will be imported (id i-imp)\n'));
  });

  it('says when there is nothing to do, and when planning failed', () => {
    const none = buildPlanReport(readPlanModel(fixtureText('no-changes.json')));
    assert.equal(
      formatPlanText(none),
      'No changes. Your infrastructure matches the configuration.\n',
    );
    assert.equal(
      formatPlanMarkdown(none),
      '**No changes. Your infrastructure matches the configuration.**\n',
    );
    const failed = buildPlanReport(
      readPlanModel('{"format_version": "1.2", "errored": true, "planned_values": {}}'),
    );
    assert.match(formatPlanText(failed), /^Planning failed: this plan is incomplete/);
    assert.match(formatPlanMarkdown(failed), /^> \[!CAUTION\]\n> Planning failed/);
  });
});
