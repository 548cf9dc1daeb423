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
const WINDOWS_SYSTEM_DLL = /^(kernel32|kernelbase|ntdll|advapi32|bcrypt|bcryptprimitives|ws2_32|userenv|user32|crypt32|msvcrt|ucrtbase|secur32|shell32|ole32|oleaut32|synchronization|dbghelp|iphlpapi|winmm|psapi|version|shlwapi|dnsapi|powrprof|api-ms-win-[a-z0-9-]+)\.dll$/i;

function peInfo(file) {
  const text = run('objdump', ['-p', file]);
  const format = (/file format (\S+)/.exec(text) || [])[1] || '';
  const dlls = [...text.matchAll(/DLL Name: (\S+)/g)].map((m) => m[1]);
  // The export table lists "[   N] +base[   N]  name" rows under "[Ordinal/Name Pointer] Table".
  const table = text.split('[Ordinal/Name Pointer] Table')[1] || '';
  const exports = [...table.matchAll(/^\s*\[\s*\d+\]\s+(?:\+base\[\s*\d+\]\s+[0-9a-f]+\s+)?(\S+)\s*$/gm)].map((m) => m[1]);
  // IMAGE_FILE_DLL in the COFF header's characteristics
  const isDll = (parseInt((/^Characteristics 0x([0-9a-f]+)/m.exec(text) || [])[1] || '0', 16) & 0x2000) !== 0;
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

// Libraries every macOS has (in its dyld shared cache); a Homebrew or build-machine path would not exist on the
// user's Mac. Rust's std links libiconv; zig's linker also names libcharset, which libiconv re-exports.
const MACOS_SYSTEM_LIB = /^\/usr\/lib\/(libSystem\.B|libresolv\.9|libiconv\.2|libcharset\.1|libc\+\+\.1|libobjc\.A)\.dylib$|^\/System\/Library\/Frameworks\/(CoreFoundation|Security)\.framework\//;

function machoInfo(file) {
  const tool = llvmObjdump();
  const headers = run(tool, ['--macho', '--private-headers', file]);
  // "MH_MAGIC_64    X86_64        ALL  0x00      BUNDLE ..." (or ARM64, DYLIB)
  const row = /MH_MAGIC_64\s+(\S+)\s+\S+\s+\S+\s+(\S+)/.exec(headers);
  // LC_BUILD_VERSION's "minos": the oldest macOS whose dyld will load the file.
  const minOs = (/^\s*cmd LC_BUILD_VERSION$[\s\S]*?^\s*minos (\S+)$/m.exec(headers) || [])[1] || null;
  const commands = headers.split(/\nLoad command \d+\n/).slice(1);
  const named = (cmd) => commands.filter((c) => new RegExp(`^\\s*cmd ${cmd}$`, 'm').test(c))
    .map((c) => (/^\s*name (.+?) \(offset \d+\)$/m.exec(c) || [])[1]);
  // Only what dyld must find; LC_ID_DYLIB is the library's own name, not a dependency.
  const dylibs = ['LC_LOAD_DYLIB', 'LC_LOAD_WEAK_DYLIB', 'LC_REEXPORT_DYLIB', 'LC_LOAD_UPWARD_DYLIB'].flatMap(named);
  const exports = run(tool, ['--macho', '--exports-trie', file]).split('\n')
    .map((l) => (/\s(_\w+)/.exec(l) || [])[1]).filter(Boolean).map((s) => s.slice(1));
  return {
    cpu: row ? row[1] : '',
    filetype: row ? row[2] : '',
    dylibs,
    id: named('LC_ID_DYLIB')[0] || null,
    minOs,
    signed: commands.some((c) => /^\s*cmd LC_CODE_SIGNATURE$/m.test(c)),
    exports,
  };
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
  if (!info.minOs || elf.compareVersions(info.minOs, target.minOs) > 0) {
    problems.push(`needs macOS ${info.minOs} or later, expected at most ${target.minOs}`);
  }
  // Apple silicon refuses to map unsigned code: the linker must have added an (ad-hoc) signature.
  if (target.machine === 'arm64' && !info.signed) problems.push('no code signature (arm64 macOS loads only signed code)');
  return { needed: info.dylibs, maxGlibc: null, machine: info.cpu, minOs: info.minOs, signed: info.signed, id: info.id, exports: info.exports, problems };
}

/** Returns { needed, maxGlibc, machine, problems[] } for one artifact of target (from targets.js). */
function inspect(target, file) {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  if (target.format === 'pe') return inspectPe(target, file);
  if (target.format === 'macho') return inspectMacho(target, file);
  return elf.inspect({ ...target, entry: NAPI_ENTRY }, file);
}

module.exports = { inspect, peInfo, machoInfo, NAPI_ENTRY, WINDOWS_SYSTEM_DLL, MACOS_SYSTEM_LIB };
