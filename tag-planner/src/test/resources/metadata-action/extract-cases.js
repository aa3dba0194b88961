const fs = require('fs');
// usage: node extract-cases.js path/to/metadata-action/__tests__/meta.test.ts > meta.test.cases.json
let src = fs.readFileSync(process.argv[2], 'utf8');
// keep from first describe
src = src.substring(src.indexOf("describe('null'"));
// strip TS casts
src = src.replace(/\}\s+as\s+(Inputs|Version)/g, '}');
src = src.replace(/ as string\[\]/g, '').replace(/\]\s+as\s+\w+/g, ']');
const out = [];
let current = null;
const describe = (name, fn) => { current = name; fn(); };
const test = { each: (rows) => (title, fn) => { for (const r of rows) out.push({group: current, row: r}); } };
const tagsLabelsTest = null;
const vi = { mocked: () => ({}), spyOn: () => ({mockImplementation(){}}) };
const expect = () => ({});
// remove the async handlers: replace `])('given ...', async (...) => {...});` bodies not needed since test.each ignores fn, but must parse TS types in params
src = src.replace(/\]\)\('given %o with %o event', async \([^)]*\) => \{[\s\S]*?\n  \}\);\n\}\);/g, "])('x', null);\n});");
eval(src);
const rows = out.map(({group, row}) => {
  const [name, envFile, inputs, ...rest] = row;
  const o = {group, name, envFile, inputs};
  if (['null','push','tag','latest','pr','pr-head-sha','schedule','release','raw'].includes(group)) {
    o.version = rest[0]; o.tags = rest[1]; o.labels = rest[2]; o.annotations = rest[3] === undefined ? null : rest[3];
  } else if (group === 'json') { o.json = rest[0]; }
  else if (group === 'bakeFile') { o.bakeTags = rest[0]; o.bakeLabels = rest[1]; o.bakeAnnotations = rest[2]; }
  else if (group === 'bakeFileTagsLabels') { o.bake = rest[0]; }
  else if (group === 'sepTags') { o.tagsOutput = rest[0]; }
  return o;
});
process.stdout.write(JSON.stringify(rows, null, 1));
