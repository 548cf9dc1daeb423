/* bcryptprimitives.dll for the Wine test prefix only (scripts/dist/wine-node.sh), never shipped.
 * Windows 10 and later ship this DLL, and Rust's standard library takes its random bytes from its ProcessPrng.
 * Debian 12's Wine 8 has no bcryptprimitives.dll, so without this the addon would not load under Wine at all.
 * It forwards to BCryptGenRandom, which Wine does implement. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
