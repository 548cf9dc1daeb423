'use strict';
// Generates the per-platform npm packages (npm/<tag>/) from the root package.json and targets.js,
// in the napi-rs layout: each holds one .node file and tells npm, via os/cpu/libc, where it may be installed.
// Never edit npm/ by hand: it is rebuilt from here on every `npm run build:all`.

const fs = require('fs');
const path = require('path');
const { TARGETS, BINARY, artifactName, artifactsDir: defaultArtifacts } = require('./targets');

const ROOT = path.resolve(__dirname, '..', '..');

// Copied from the root because npm and the registry show them; `engines` above all: npm silently skips an
// optional package whose engines do not match, so it must never be narrower than the root's.
const INHERITED = ['license', 'engines', 'repository', 'homepage', 'bugs', 'author', 'publishConfig'];

function platformManifest(root, target) {
  const manifest = {
    name: `${BINARY}-${target.tag}`,
    version: root.version,
    description: `${target.tag} binary of ${root.name}; installed automatically as an optional dependency`,
    os: [target.os || 'linux'],
    cpu: [target.cpu],
  };
  if (target.libc) manifest.libc = [target.libc];
  manifest.main = artifactName(target.tag);
  manifest.files = [artifactName(target.tag)];
  for (const key of INHERITED) if (root[key] !== undefined) manifest[key] = root[key];
  return manifest;
}

function readme(root, target) {
  return `# ${BINARY}-${target.tag}\n\nThe \`${target.tag}\` native addon of [\`${root.name}\`](https://www.npmjs.com/package/${root.name}).\n` +
    `Do not install it directly: \`npm install ${root.name}\` picks the package that fits the platform.\n`;
}

function expectedOptionalDependencies(root) {
  const deps = {};
  for (const t of TARGETS) deps[`${BINARY}-${t.tag}`] = root.version;
  return deps;
}

/**
 * Writes npm/<tag>/{package.json,README.md} for every target and copies the artifact in when it exists.
 * Returns [{ tag, dir, hasBinary }].
 */
function generate({ rootDir = ROOT, artifactsDir, outDir = path.join(rootDir, 'npm'), tags } = {}) {
  const root = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8'));
  const result = [];
  for (const target of TARGETS) {
    if (tags && !tags.includes(target.tag)) continue;
    const dir = path.join(outDir, target.tag);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(platformManifest(root, target), null, 2) + '\n');
    fs.writeFileSync(path.join(dir, 'README.md'), readme(root, target));
    const src = artifactsDir && path.join(artifactsDir, artifactName(target.tag));
    const dest = path.join(dir, artifactName(target.tag));
    let hasBinary = false;
    if (src && fs.existsSync(src)) {
      fs.copyFileSync(src, dest);
      hasBinary = true;
    } else {
      hasBinary = fs.existsSync(dest);
    }
    result.push({ tag: target.tag, dir, hasBinary });
  }
  return result;
}

// The repository's package.json has no optionalDependencies: `npm ci` refuses a lockfile that cannot hold
// unpublished packages ("Missing: ... from lock file"). They are written into the package.json being published,
// right before `npm publish` (release workflow) or `npm pack` of a release copy (test-dist/install.test.js).
function setOptionalDependencies(packageJsonFile) {
  const text = fs.readFileSync(packageJsonFile, 'utf8');
  const pkg = JSON.parse(text);
  const out = {};
  for (const [k, v] of Object.entries(pkg)) {
    if (k === 'optionalDependencies') continue;
    out[k] = v;
    if (k === 'dependencies') out.optionalDependencies = expectedOptionalDependencies(pkg);
  }
  if (!out.optionalDependencies) out.optionalDependencies = expectedOptionalDependencies(pkg);
  fs.writeFileSync(packageJsonFile, JSON.stringify(out, null, 2) + '\n');
  return out.optionalDependencies;
}

// prepublishOnly: never publish a main package that does not name its binaries.
function checkOptionalDependencies(packageJsonFile) {
  const pkg = JSON.parse(fs.readFileSync(packageJsonFile, 'utf8'));
  const want = expectedOptionalDependencies(pkg);
  const have = pkg.optionalDependencies || {};
  const wrong = Object.keys(want).filter((n) => have[n] !== want[n]);
  if (wrong.length) {
    throw new Error(`optionalDependencies must name ${wrong.map((n) => `${n}@${want[n]}`).join(', ')}; ` +
      'run node scripts/dist/npm-packages.js --set-optional-deps before npm publish');
  }
}

module.exports = { generate, platformManifest, expectedOptionalDependencies, setOptionalDependencies, checkOptionalDependencies };

if (require.main === module) {
  const arg = process.argv[2];
  if (arg === '--set-optional-deps') {
    console.log(JSON.stringify(setOptionalDependencies(process.argv[3] || path.join(ROOT, 'package.json')), null, 2));
  } else if (arg === '--check-optional-deps') {
    try {
      checkOptionalDependencies(process.argv[3] || path.join(ROOT, 'package.json'));
    } catch (err) {
      console.error(err.message);
      process.exit(1);
    }
  } else {
    for (const r of generate({ artifactsDir: arg || defaultArtifacts() })) {
      console.log(`${r.dir}${r.hasBinary ? '' : '  (no binary yet)'}`);
    }
  }
}
