//! The process and its console on Windows: UTF-8 output, Ctrl-C and console-close
//! handling, the window's width.

use std::sync::OnceLock;

/// Nothing on Windows: no core dumps are written unless Windows Error Reporting is
/// set up to keep full dumps, which is a machine's setting (SECURITY.md).
pub fn harden_process() {}

/// Makes the console show UTF-8: `SetConsoleOutputCP(65001)` and `SetConsoleCP(65001)`
/// (the classic console starts in the OEM code page, 932 on Japanese Windows, and
/// std writes UTF-8 to a console as UTF-16 anyway, but what child tools and
/// redirected output see depends on it). Failures (no console) are ignored.
pub fn console_utf8() {
    use windows_sys::Win32::System::Console as C;
    // SAFETY: plain calls with a constant code page.
    unsafe {
        C::SetConsoleOutputCP(65001);
        C::SetConsoleCP(65001);
    }
}

static INTERRUPT: OnceLock<fn()> = OnceLock::new();

unsafe extern "system" fn on_ctrl(_event: u32) -> windows_sys::core::BOOL {
    // Runs on a thread Windows starts for the event. For Ctrl-C and Ctrl-Break the
    // process lives on; for the console closed, log-off and shutdown Windows ends it
    // once this returns (or after about 5 s): `f` removes what must go and exits
    // itself, before returning.
    if let Some(f) = INTERRUPT.get() {
        f();
    }
    1
}

/// Calls `f` (which ends the process) on Ctrl-C, Ctrl-Break, the console window
/// closed, log-off and shutdown (`SetConsoleCtrlHandler`), synchronously in the
/// handler, so the cleanup runs before Windows ends the process.
pub fn on_interrupt(f: fn()) {
    if INTERRUPT.set(f).is_ok() {
        // SAFETY: `on_ctrl` is a valid handler for the life of the process.
        unsafe {
            windows_sys::Win32::System::Console::SetConsoleCtrlHandler(Some(on_ctrl), 1);
        }
    }
}

/// The width of the console window on standard output or error.
pub fn terminal_columns() -> Option<usize> {
    use windows_sys::Win32::System::Console as C;
    [C::STD_OUTPUT_HANDLE, C::STD_ERROR_HANDLE]
        .into_iter()
        .find_map(|which| {
            // SAFETY: plain call; the handle is not owned (not closed).
            let h = unsafe { C::GetStdHandle(which) };
            // SAFETY: an all-zero CONSOLE_SCREEN_BUFFER_INFO is valid plain data.
            let mut i: C::CONSOLE_SCREEN_BUFFER_INFO = unsafe { std::mem::zeroed() };
            // SAFETY: `i` is a valid out-pointer; an invalid handle only fails.
            if unsafe { C::GetConsoleScreenBufferInfo(h, &mut i) } == 0 {
                return None;
            }
            let w = i.srWindow.Right - i.srWindow.Left + 1;
            (w > 0).then_some(w as usize)
        })
}

/// No address-space limit on Windows.
pub fn address_space_limit() -> Option<u64> {
    None
}

/// The console, to prompt on.
pub const TERMINAL: &str = "CONIN$";
/// The console, to show a generated passphrase on.
pub const TERMINAL_OUT: &str = "CONOUT$";
