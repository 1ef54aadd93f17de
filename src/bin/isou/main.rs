//! The `isou` command: a thin layer over the library. Exit codes are a contract, listed
//! in `cli::EXIT_CODES` and the README.

// Standard output only through `output::out` (`outln!`): `println!` panics on a closed
// pipe (issue 13 finding 02). `std::io::stdout` is denied in clippy.toml as well.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod bar;
mod cli;
mod crypt;
mod error;
mod help;
mod keygen;
mod medium;
mod output;
mod record;
mod usage;

use crate::output::errln;
use cli::{Cli, Command};
use error::CliError;

fn run(cli: &Cli) -> Result<(), CliError> {
    match &cli.command {
        Command::Keygen(a) => keygen::keygen(a, cli.quiet),
        Command::Card(a) => keygen::card(a, cli.quiet),
        Command::Encrypt(a) => crypt::encrypt(a, cli.quiet),
        Command::Decrypt(a) => crypt::decrypt(a, cli.quiet),
        Command::Seal(a) => medium::seal(a, cli),
        Command::Verify(a) => medium::verify(a, cli),
        Command::Open(a) => medium::open(a, cli),
        Command::Receipt(a) => record::receipt(a, cli),
        Command::Policy(cli::PolicyCommand::Check) => medium::policy_check(cli),
        Command::Record(c) => record::run(c, cli),
        Command::Completions(a) => help::completions(a),
        Command::Man(a) => help::man(a, cli.quiet),
    }
}

/// Keeps the keys out of core dumps, first thing (`isou::platform::harden_process`:
/// `PR_SET_DUMPABLE 0` and `RLIMIT_CORE 0` on Linux, issue 13), and makes the console
/// show UTF-8 (Windows: the classic console's code page is 932 or 437 otherwise, and
/// the Japanese messages would be mojibake).
fn harden() {
    isou::platform::harden_process();
    isou::platform::console_utf8();
}

fn main() {
    harden();
    // clap's own errors in isou's error/hint form (issue 15).
    let cli = usage::parse();
    output::install_interrupt_handler();
    // The command's own error comes first; else a failed write to standard output
    // (a broken pipe is none), reported only now that the work is done and recorded.
    let result = run(&cli);
    let flushed = output::finish();
    match result.and(flushed) {
        Ok(()) => {}
        Err(e) if e.is_broken_pipe() => {}
        Err(e) => {
            // An interrupt's cleanup removes the medium or output under way, so the
            // command may fail *because of* it (the read-back finds bagit.txt gone):
            // wait for that cleanup, which holds the gate and ends the process with
            // 130, instead of racing it to exit with the consequential error's code.
            let _interrupt = isou::cleanup::gate();
            // Messages may quote what came from outside (a name in an archive, a field
            // of a medium, a line of a file), also inside the messages of libraries:
            // everything printed passes the one sanitiser.
            errln!(
                "isou: {}: {}",
                isou::tr!("prefix-error"),
                isou::untrusted::clean(&e.to_string())
            );
            if let Some(h) = e.hint() {
                errln!(
                    "isou: {}: {}",
                    isou::tr!("prefix-hint"),
                    isou::untrusted::clean(&h)
                );
            }
            std::process::exit(e.exit_code());
        }
    }
}
