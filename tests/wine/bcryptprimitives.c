/*
 * TEST-ONLY shim, never shipped with isou: built by tests/it/windows.rs with
 * x86_64-w64-mingw32-gcc and placed next to the cross-built isou.exe so that the exe
 * starts under Wine 8 (Debian 12).
 *
 * Why: Rust's standard library on Windows imports ProcessPrng from
 * bcryptprimitives.dll (the randomness Windows 10+ gives every process). Wine 8.0 has
 * no bcryptprimitives.dll, so every Rust .exe fails to start under it ("Library
 * bcryptprimitives.dll ... not found"). Newer Wine has the DLL; real Windows 10/11
 * always has it. This shim exports ProcessPrng over RtlGenRandom (SystemFunction036 in
 * advapi32), which Wine implements from the host's random source.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
