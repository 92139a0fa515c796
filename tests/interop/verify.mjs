// Verifies one of Dyad's credentials with Digital Bazaar's libraries, software no one on Dyad
// wrote: `node verify.mjs SITE_URL credential.json`.
//
// The document loader serves the JSON-LD contexts from their npm packages (contexts.cjs) and
// fetches everything else that starts with SITE_URL (the issuer's controller document, its keys,
// the status list credential) from the running server; any other URL is refused.
// Prints one JSON line {verified, errors: [...]}; exits 0 when verified, 1 when not, 2 on misuse.
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const require = createRequire(import.meta.url);
const {CONTEXTS} = require('./contexts.cjs');

const [siteUrl, file] = process.argv.slice(2);
if(!siteUrl || !file) {
  console.error('usage: node verify.mjs SITE_URL credential.json');
  process.exit(2);
}

const contexts = new Map(CONTEXTS.map(({url, load}) => [url, load()]));
const site = siteUrl.replace(/\/$/, '') + '/';

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url.startsWith(site)) {
    const response = await fetch(url, {headers: {accept: 'application/ld+json'}});
    if(!response.ok) {
      throw new Error(`${url} answered ${response.status}`);
    }
    return {contextUrl: null, documentUrl: url, document: await response.json()};
  }
  throw new Error(`refused to load ${url}: neither a bundled context nor the site's`);
}

function messages(error) {
  if(!error) {
    return [];
  }
  const nested = Array.isArray(error.errors) ? error.errors.flatMap(messages) : [];
  return [String(error.message || error), ...nested];
}

// checkStatus reports `status: true` for a set bit (and `verified: true` when the list itself
// checked out): for the revocation purpose a set bit means the credential is revoked.
async function checkRevocation(options) {
  const checked = await checkStatus(options);
  if(!checked.verified) {
    return checked;
  }
  const entries = checked.results || [checked];
  if(entries.some(entry => entry.status === true)) {
    return {...checked, verified: false,
      error: new Error('the issuer revoked the credential (its status bit is set)')};
  }
  return checked;
}

const credential = JSON.parse(readFileSync(file, 'utf8'));
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus: checkRevocation});
const errors = [
  ...messages(result.error),
  ...(result.results || []).flatMap(r => messages(r.error)),
  ...(result.statusResult && !result.statusResult.verified ?
    ['status: ' + (result.statusResult.error ?
      messages(result.statusResult.error).join('; ') : 'the credential is revoked')] : [])
];
console.log(JSON.stringify({verified: result.verified, errors: [...new Set(errors)]}));
process.exit(result.verified ? 0 : 1);
