// Prints the shape of src/'s import graph: its depth (the longest chain of imports, counted in
// levels of files) and any import circles, from dependency-cruiser's JSON. Type-only imports
// count: a circle of types still ties the files together for a reader.
//   npx depcruise src --output-type json | node scripts/import-graph.mjs
import { readFileSync } from 'node:fs';

const cruise = JSON.parse(readFileSync(0, 'utf8'));
const inSource = (path) => path.startsWith('src/');
const edges = new Map();
for (const module of cruise.modules.filter((m) => inSource(m.source))) {
  const targets = module.dependencies.map((d) => d.resolved).filter(inSource);
  edges.set(module.source, [...new Set(targets)]);
}

// Tarjan's strongly connected components: any component of more than one file is a circle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const circles = [];
let counter = 0;
function connect(file) {
  index.set(file, counter);
  low.set(file, counter++);
  stack.push(file);
  onStack.add(file);
  for (const next of edges.get(file) ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(file, Math.min(low.get(file), low.get(next)));
    } else if (onStack.has(next)) low.set(file, Math.min(low.get(file), index.get(next)));
  }
  if (low.get(file) !== index.get(file)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(member);
  } while (member !== file);
  if (component.length > 1) circles.push(component.sort());
}
for (const file of edges.keys()) if (!index.has(file)) connect(file);

// Level of a file: 1 for a file importing nothing of src/, else 1 + its deepest import's level.
// Files inside one circle share a level: edges within a circle are not followed.
const component = new Map(circles.flatMap((c, i) => c.map((file) => [file, i])));
const sameCircle = (a, b) => component.has(a) && component.get(a) === component.get(b);
const levels = new Map();
function level(file) {
  if (levels.has(file)) return levels.get(file);
  levels.set(file, 1); // provisional, in case of a circle
  const members = component.has(file) ? circles[component.get(file)] : [file];
  let deepest = 0;
  for (const member of members) {
    for (const next of edges.get(member) ?? []) {
      if (!sameCircle(member, next)) deepest = Math.max(deepest, level(next));
    }
  }
  for (const member of members) levels.set(member, deepest + 1);
  return deepest + 1;
}
for (const file of edges.keys()) level(file);

const depth = Math.max(...levels.values());
console.log(`${edges.size} files, ${depth} levels, ${circles.length} circle(s)`);
for (const circle of circles) console.log(`circle: ${circle.join(' <-> ')}`);
for (let l = depth; l >= 1; l--) {
  const files = [...levels].filter(([, v]) => v === l).map(([f]) => f.replace(/^src\//, ''));
  console.log(`level ${String(l).padStart(2)}: ${files.sort().join(' ')}`);
}
