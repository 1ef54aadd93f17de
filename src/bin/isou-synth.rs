//! `isou-synth SIZE DIR [SEED]`: writes a synthetic registry extract (no real data) of
//! about SIZE bytes (`64M`, `1G`, `8G`) into DIR, for benchmarks and tests. The same
//! SIZE and SEED give the same bytes everywhere. See `isou::synth`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(bytes), Some(dir)) = (
        args.first().and_then(|s| isou::pipeline::parse_size(s)),
        args.get(1),
    ) else {
        eprintln!("usage: isou-synth SIZE DIR [SEED]   (SIZE like 64M, 1G, 8G)");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    match isou::synth::write_extract(std::path::Path::new(dir), bytes, seed) {
        Ok(files) => {
            for f in files {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("isou-synth: {dir}: {e}");
            ExitCode::from(2)
        }
    }
}
