'use strict';
// Guard for the one trap of cross-building aws-lc-sys with zig: if anything enables its default feature
// (`all-bindings`) or `bindgen` (also pulled in by `ssl` and `fips`), the armv7 build needs cmake + libclang and
// fails, and other targets silently change how they are built. Checked from cargo's own resolved graph.

const { execFileSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const FORBIDDEN = ['default', 'all-bindings', 'bindgen', 'ssl', 'fips'];

/** Returns { features: [...enabled aws-lc-sys features], forbidden: [...] } over every target platform. */
function awsLcSysFeatures(extraArgs = []) {
  const out = execFileSync(
    'cargo',
    ['tree', '--locked', '-e', 'features', '-i', 'aws-lc-sys', '--target', 'all', ...extraArgs],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (!/^aws-lc-sys v/m.test(out)) throw new Error(`cargo tree did not find aws-lc-sys:\n${out}`);
  const features = parseFeatures(out);
  return { features, forbidden: forbiddenOf(features), tree: out };
}

function parseFeatures(tree) {
  return [...new Set([...tree.matchAll(/aws-lc-sys feature "([^"]+)"/g)].map((m) => m[1]))].sort();
}

function forbiddenOf(features) {
  return features.filter((f) => FORBIDDEN.includes(f));
}

function check() {
  // Both the shipped build (default features) and the pure-core build must stay clean.
  for (const args of [[], ['--no-default-features']]) {
    const r = awsLcSysFeatures(args);
    if (r.forbidden.length) {
      throw new Error(
        `aws-lc-sys has forbidden features ${r.forbidden.join(', ')} (cargo tree ${args.join(' ')}); ` +
          `something enabled its defaults: keep default-features = false on aws-lc-rs/aws-lc-sys.\n${r.tree}`,
      );
    }
  }
}

module.exports = { awsLcSysFeatures, parseFeatures, forbiddenOf, check, FORBIDDEN };

if (require.main === module) {
  check();
  console.log('aws-lc-sys features: ' + (awsLcSysFeatures().features.join(', ') || '(none)') + ' - ok');
}
