import { readFileSync } from 'node:fs';
import path from 'node:path';
import { YamlValidator } from '../src/validation/core/yamlValidator';
import { listFiles } from '../test/unit/corpus';
const root = process.argv[2] ?? '';
const re = new RegExp(process.argv[3] ?? '');
const v = new YamlValidator({ schemasDir: '/work/wt/formats/schemas', kubernetesVersion: '1.34' });
let n = 0;
for (const rel of listFiles(root).filter((f) => re.test(f))) {
  const text = readFileSync(path.join(root, rel), 'utf8');
  const r = v.validate(rel, text);
  n++;
  const formats = v.formatsOf(rel, text).join(',');
  for (const p of r.problems) console.log(`${rel} [${formats}] ${p.source}/${p.code} ${JSON.stringify(text.slice(p.start, p.end)).slice(0, 40)} ${p.message.slice(0, 150)}`);
}
console.log('files', n);
