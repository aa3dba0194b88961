// usage: node extract-parsers.js tag.test.ts flavor.test.ts image.test.ts > parser.test.cases.json
const fs = require('fs');
const Type = {Schedule: 'schedule', Semver: 'semver', Pep440: 'pep440', Match: 'match', Edge: 'edge', Ref: 'ref', Raw: 'raw', Sha: 'sha'};
const RefEvent = {Branch: 'branch', Tag: 'tag', PR: 'pr'};
const ShaFormat = {Short: 'short', Long: 'long'};
const DefaultPriorities = {schedule: '1000', semver: '900', pep440: '900', match: '800', edge: '700', ref: '600', raw: '200', sha: '100'};
const out = [];
for (const file of process.argv.slice(2)) {
  const suite = require('path').basename(file).replace('.test.ts', '');
  let src = fs.readFileSync(file, 'utf8');
  src = src.substring(src.indexOf('describe('));
  src = src.replace(/\]\)\('given[^']*', async \([^)]*\) => \{[\s\S]*?\n  \}\);/g, "])('x', null);");
  src = src.replace(/ as (Tag|Flavor|Image)(\[\])?/g, '');
  let current = null;
  const describe = (name, fn) => { current = name; fn(); };
  const test = { each: (rows) => () => { for (const r of rows) out.push({suite, group: current, input: r[0], expected: r[1] === undefined ? null : r[1], invalid: r[2]}); } };
  eval(src);
}
process.stdout.write(JSON.stringify(out, null, 1));
