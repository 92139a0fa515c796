// Copies the JSON-LD contexts Dyad signs with from their npm packages (package-lock.json pins
// the versions) into src/dyad/badges/contexts/, where Dyad's own loader serves them offline.
// Run after changing a version: node tests/interop/copy-contexts.cjs
'use strict';
const fs = require('fs');
const path = require('path');
const {CONTEXTS} = require('./contexts.cjs');

const target = path.join(__dirname, '..', '..', 'src', 'dyad', 'badges', 'contexts');
for(const {url, file, load} of CONTEXTS) {
  fs.writeFileSync(path.join(target, file), JSON.stringify(load(), null, 2) + '\n');
  console.log(`${file} <- ${url}`);
}
