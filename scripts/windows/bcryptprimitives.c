/* A stand-in bcryptprimitives.dll for Wine 8, for the Windows tests only.
 *
 * Rust's standard library (1.78 and later) takes random bytes from ProcessPrng in
 * bcryptprimitives.dll, which every Windows 10 and 11 has and Wine gained only in 9.x.
 * Debian 12's Wine 8 lacks it, so no Rust program starts under it. This DLL exports
 * ProcessPrng over RtlGenRandom (advapi32's SystemFunction036), which Wine does have.
 * scripts/test-windows.sh builds it with mingw into the test Wine prefix; it is never
 * shipped (the installer does not carry it: real Windows has its own).
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
