'use strict';
// Release gates for every artifact format, read with the tools a reviewer would use by hand: binutils' readelf
// (Linux ELF) and objdump (Windows PE), llvm-objdump (macOS Mach-O, which binutils cannot read).
// Each gate answers: is it the right CPU and file type, does it export the Node-API entry point, and does it
// need only libraries that every machine of that platform has?

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const elf = require('./elf-gates');

// What Node looks up in every addon it loads (napi-rs's module registration).
const NAPI_ENTRY = 'napi_register_module_v1';

function run(cmd, args) {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

// ---------------------------------------------------------------- Windows (PE32+)

// DLLs that ship with every Windows 10/11. Anything else (a MinGW runtime such as libgcc_s_seh-1.dll or
// libwinpthread-1.dll, or libnode.dll) would be missing on the user's PC and the addon would not load.
const WINDOWS_SYSTEM_DLL = /^(kernel32|ntdll|advapi32|bcrypt|bcryptprimitives|ws2_32|userenv|user32|crypt32|msvcrt|ucrtbase|secur32|shell32|ole32|oleaut32|synchronization|api-ms-win-[a-z0-9-]+)\.dll$/i;

function peInfo(file) {
  const text = run('objdump', ['-p', file]);
  const format = (/file format (\S+)/.exec(text) || [])[1] || '';
  const dlls = [...text.matchAll(/DLL Name: (\S+)/g)].map((m) => m[1]);
  // The export table lists "[   N] +base[   N]  name" rows under "[Ordinal/Name Pointer] Table".
  const table = text.split('[Ordinal/Name Pointer] Table')[1] || '';
  const exports = [...table.matchAll(/^\s*\[\s*\d+\]\s+(?:\+base\[\s*\d+\]\s+[0-9a-f]+\s+)?(\S+)\s*$/gm)].map((m) => m[1]);
  const isDll = /Characteristics [^\n]*\n(?:\s+[^\n]*\n)*?\s+DLL\b/.test(text) || /\bDLL\b/.test((/Characteristics[\s\S]*?\n\n/.exec(text) || [''])[0]);
  return { format, dlls, exports, isDll };
}

function inspectPe(target, file) {
  const info = peInfo(file);
  const problems = [];
  if (info.format !== 'pei-x86-64') problems.push(`file format is "${info.format}", expected pei-x86-64`);
  if (!info.isDll) problems.push('not a DLL');
  const foreign = info.dlls.filter((d) => !WINDOWS_SYSTEM_DLL.test(d));
  if (foreign.length) problems.push(`needs DLLs that Windows does not ship: ${foreign.join(', ')}`);
  if (!info.exports.includes(NAPI_ENTRY)) problems.push(`${NAPI_ENTRY} is not exported`);
  return { needed: info.dlls, maxGlibc: null, machine: info.format, exports: info.exports, problems };
}

// ---------------------------------------------------------------- macOS (Mach-O)

function llvmObjdump() {
  const candidates = [process.env.LLVM_OBJDUMP, 'llvm-objdump'];
  try {
    // rustup's llvm-tools component (scripts/dist/setup.sh adds it when Debian's llvm is missing)
    const sysroot = run('rustc', ['--print', 'sysroot']).trim();
    const host = /host: (\S+)/.exec(run('rustc', ['-vV']))[1];
    candidates.push(path.join(sysroot, 'lib', 'rustlib', host, 'bin', 'llvm-objdump'));
  } catch {
    // no rustc: only PATH
  }
  for (const c of candidates.filter(Boolean)) {
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' });
      return c;
    } catch {
      // try the next one
    }
  }
  throw new Error('llvm-objdump not found: apt-get install llvm, or rustup component add llvm-tools');
}

// Libraries every macOS has; a Homebrew or build-machine path would not exist on the user's Mac.
const MACOS_SYSTEM_LIB = /^\/usr\/lib\/(libSystem\.B|libresolv\.9|libiconv\.2|libc\+\+\.1|libobjc\.A)\.dylib$|^\/System\/Library\/Frameworks\/(CoreFoundation|Security)\.framework\//;

function machoInfo(file) {
  const tool = llvmObjdump();
  const header = run(tool, ['--macho', '--private-header', file]);
  // "MH_MAGIC_64    X86_64        ALL  0x00      BUNDLE ..." (or ARM64, DYLIB)
  const row = /MH_MAGIC_64\s+(\S+)\s+\S+\s+\S+\s+(\S+)/.exec(header);
  const dylibs = run(tool, ['--macho', '--dylibs-used', file]).split('\n').slice(1)
    .map((l) => l.trim().replace(/\s+\(.*\)$/, '')).filter(Boolean);
  const exports = run(tool, ['--macho', '--exports-trie', file]).split('\n')
    .map((l) => (/\s(_\w+)/.exec(l) || [])[1]).filter(Boolean).map((s) => s.slice(1));
  return { cpu: row ? row[1] : '', filetype: row ? row[2] : '', dylibs, exports };
}

function inspectMacho(target, file) {
  const info = machoInfo(file);
  const problems = [];
  const wantCpu = { x86_64: 'X86_64', arm64: 'ARM64' }[target.machine];
  if (info.cpu !== wantCpu) problems.push(`CPU is "${info.cpu}", expected ${wantCpu}`);
  if (!['DYLIB', 'BUNDLE'].includes(info.filetype)) problems.push(`file type is "${info.filetype}", expected DYLIB or BUNDLE`);
  const foreign = info.dylibs.filter((d) => !MACOS_SYSTEM_LIB.test(d));
  if (foreign.length) problems.push(`needs libraries that macOS does not ship: ${foreign.join(', ')}`);
  if (!info.exports.includes(NAPI_ENTRY)) problems.push(`${NAPI_ENTRY} is not exported`);
  return { needed: info.dylibs, maxGlibc: null, machine: info.cpu, exports: info.exports, problems };
}

/** Returns { needed, maxGlibc, machine, problems[] } for one artifact of target (from targets.js). */
function inspect(target, file) {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  if (target.format === 'pe') return inspectPe(target, file);
  if (target.format === 'macho') return inspectMacho(target, file);
  return elf.inspect({ ...target, entry: NAPI_ENTRY }, file);
}

module.exports = { inspect, peInfo, machoInfo, NAPI_ENTRY, WINDOWS_SYSTEM_DLL, MACOS_SYSTEM_LIB };
