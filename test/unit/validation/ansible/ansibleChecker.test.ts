import * as assert from 'node:assert/strict';
import path from 'node:path';
import { parseYaml } from '../../../../src/common/yamlModel';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

function check(text: string, file: string): [string, string][] {
  return validator.validate(file, text).problems.map((p) => [p.code, text.slice(p.start, p.end)]);
}

describe('Ansible checker', () => {
  it('routes playbooks, role tasks and handlers, and leaves vars, defaults and meta alone', () => {
    const formats = (file: string, text: string): unknown[] => validator.formatsOf(file, text);
    assert.deepEqual(formats('site.yml', '- hosts: all\n  tasks: []\n'), ['ansible-playbook']);
    const task = '- name: Install\n  ansible.builtin.apt: {name: nginx}\n';
    assert.deepEqual(formats('roles/web/tasks/main.yml', task), ['ansible-tasks']);
    assert.deepEqual(formats('roles/web/handlers/main.yml', task), ['ansible-tasks']);
    assert.deepEqual(formats('playbooks/tasks/setup.yml', task), ['ansible-tasks']);
    assert.deepEqual(
      formats('playbooks/tasks/raw.yml', '- action: ansible.builtin.ping\n  args: {}\n'),
      ['ansible-tasks'],
    );
    assert.deepEqual(
      formats('rulebooks/r.yml', '- name: r\n  hosts: all\n  sources: []\n  rules: []\n'),
      [undefined],
      'an Event-Driven Ansible rulebook is not a playbook',
    );
    assert.deepEqual(formats('roles/web/defaults/main.yml', 'nginx_port: 80\n'), [undefined]);
    assert.deepEqual(formats('roles/web/vars/main.yml', 'packages: [a]\n'), [undefined]);
    assert.deepEqual(
      formats('roles/web/meta/main.yml', 'galaxy_info: {author: x}\ndependencies: []\n'),
      [undefined],
    );
    assert.deepEqual(
      formats('molecule/default/molecule.yml', 'driver: {name: docker}\nplatforms: []\n'),
      [undefined],
    );
  });

  it('reports a misspelt play keyword on the key, checking each play against the play schema only', () => {
    assert.deepEqual(check('- name: Web\n  host: web\n  tasks: []\n', 'playbooks/site.yml'), [
      ['missing-property', 'name'],
      ['unknown-property', 'host'],
    ]);
  });

  it('checks a block and a task each against its own definition', () => {
    const text =
      '- block:\n    - ansible.builtin.debug: {msg: hi}\n  rescue: 5\n- name: T\n  ansible.builtin.debug: {msg: hi}\n  when: {a: 1}\n';
    const problems = check(text, 'roles/r/tasks/main.yml');
    assert.ok(
      problems.some(([code, covers]) => code === 'wrong-type' && covers === '5'),
      JSON.stringify(problems),
    );
    assert.ok(!problems.some(([code]) => code === 'unknown-property'), JSON.stringify(problems));
  });

  it("reads unquoted yes/no/on/off as YAML 1.1 booleans, as Ansible does, and leaves the document's parse as it was", () => {
    const text = '- hosts: all\n  become: yes\n  gather_facts: Off\n  tasks: []\n';
    assert.deepEqual(check(text, 'site.yml'), []);
    // The parse is shared (cached): its scalars still hold what the text says.
    const [doc] = parseYaml(text).documents;
    assert.deepEqual(doc?.doc.toJS(), [
      { hosts: 'all', become: 'yes', gather_facts: 'Off', tasks: [] },
    ]);
    // Quoted, it is the string Ansible's boolean() takes for keywords; unquoted where a string
    // is expected, the boolean is wrong.
    assert.deepEqual(check("- hosts: all\n  become: 'yes'\n  tasks: []\n", 'site.yml'), []);
    const hosts = check('- hosts: yes\n  tasks: []\n', 'site.yml');
    assert.ok(
      hosts.length > 0 &&
        hosts.every(([code, covers]) => code === 'wrong-type' && covers === 'yes'),
      JSON.stringify(hosts),
    );
  });

  it('accepts !vault and !unsafe values and skips empty task entries', () => {
    const text = [
      '- hosts: all',
      '  vars:',
      '    password: !vault |',
      '      $ANSIBLE_VAULT;1.1;AES256',
      '      62313365396662343061393464336163383764373764613633653634306231386433626436623361',
      '    raw: !unsafe "{{ not templated }}"',
      '  tasks:',
      '    - ansible.builtin.debug: {msg: hi}',
      '    -',
      '',
    ].join('\n');
    assert.deepEqual(check(text, 'site.yml'), []);
  });

  it('describes play and task keywords on hover, under the play or task they belong to', () => {
    const text = '- hosts: all\n  become: true\n  tasks:\n    - name: t\n      when: x\n';
    const play = validator.describeAt('site.yml', text, text.indexOf('become') + 1)?.markdown ?? '';
    assert.match(play, /^\*\*become\*\*: `templated-boolean` — in `play`/);
    const task = validator.describeAt('site.yml', text, text.indexOf('when') + 1)?.markdown ?? '';
    assert.match(task, /^\*\*when\*\*/);
  });
});
