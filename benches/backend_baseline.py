#!/usr/bin/env python3
"""Two isou builds that differ only in the STREAM cipher backend (issue 20: `ring`, the
default, against `--features openssl`), compared in one run on a tmpfs, with `cp` of the
same file in the same run for scale.

Works, each on a 1 GiB input (by default):
  encrypt   isou encrypt -r R -o OUT extract.tar          (file to file)
  decrypt   isou decrypt -i K -o OUT extract.tar.age      (file to file)
  seal      isou seal --class anonymized --carrier 普通郵便 --to CARD -i K --medium M
            extract/  (zstd -3, the default)
  open      isou open --signer CARD -i K --out O medium/
  seal/open --compression none: the same without zstd, where the cipher weighs most
  cp        cp extract.tar OUT and cp extract.tar.age OUT (the cost of moving the bytes)

Every round runs every work with both builds and cp, interleaved, the order of the two
builds swapped every other round. The inputs (a synthetic extract from isou-synth, its
tar, one encrypted file and one medium of each kind, made by the first build) are made
once and shared, so both builds read the same bytes; before timing, each build decrypts
and opens what the other made (the backends must agree byte for byte). Prints a markdown
table: medians, min–max, median user CPU, and the ratios of the medians.

    cargo build --release --target-dir /tmp/ring                       # default: ring
    cargo build --release --features openssl --target-dir /tmp/ossl    # OpenSSL
    cargo build --release --features synth --bin isou-synth
    python3 benches/backend_baseline.py /tmp/ring/release/isou /tmp/ossl/release/isou \\
        --labels ring,OpenSSL --rounds 5

Needs: GNU time (`apt-get install time`), a tmpfs (default /dev/shm), isou-synth
(--synth, default target/release/isou-synth).
"""

import argparse
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import cpu_flags, cpu_model, fs_type, parse_size, run_timed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Quiet, and the declarations a seal needs without a policy (as benches/clerk_baseline.py).
SEAL = ["-q", "--class", "anonymized", "--carrier", "普通郵便"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", help="first isou binary (e.g. the ring build)")
    ap.add_argument("b", help="second isou binary (e.g. the OpenSSL build)")
    ap.add_argument("--labels", default="A,B", help="names of the two builds, comma-separated")
    ap.add_argument("--synth", default=str(ROOT / "target" / "release" / "isou-synth"))
    ap.add_argument("--size", default="1G", help="extract size, e.g. 1G, 256M")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dir", default="/dev/shm/isou-backend", help="work directory (tmpfs)")
    ap.add_argument("--only", default="", help="comma-separated subset: encrypt,decrypt,seal,open,seal-none,open-none")
    args = ap.parse_args()
    la, lb = args.labels.split(",")
    bins = {la: str(Path(args.a).resolve()), lb: str(Path(args.b).resolve())}
    only = set(filter(None, args.only.split(",")))

    work = Path(args.dir)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    # A ledger of the run's own and no policy file (an empty config folder).
    os.environ.pop("ISOU_POLICY", None)
    os.environ.update(ISOU_LEDGER=str(work / "ledger.sqlite"), XDG_CONFIG_HOME=str(work / "config"))
    first = bins[la]
    run = lambda argv: subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)  # noqa: E731
    try:
        ex = work / "extract"
        run([args.synth, args.size, str(ex), "1"])
        tarball = work / "extract.tar"
        run(["tar", "cf", str(tarball), "-C", str(work), ex.name])
        size = tarball.stat().st_size
        key = work / "identity.txt"
        card = subprocess.run([first, "keygen", "--unprotected", "-q", "-o", str(key)],
                              check=True, capture_output=True, text=True).stdout.strip()
        recipient = card.split()[1]
        enc = work / "extract.tar.age"
        run([first, "encrypt", "-r", recipient, "-o", str(enc), str(tarball)])
        media = {}
        for kind, extra in (("zstd", []), ("none", ["--compression", "none"])):
            m = work / f"sealed-{kind}"
            m.mkdir()
            run([first, "seal", *SEAL, "--to", card, "-i", str(key), "--medium", str(m), *extra, str(ex)])
            media[kind] = m
        out = work / "out"

        def clean():
            if out.is_dir():
                shutil.rmtree(out)
            elif out.exists():
                out.unlink()

        # The two backends agree: each build opens what the other sealed.
        for label, binary in bins.items():
            clean()
            mine = work / f"check-{label}.age"
            run([binary, "encrypt", "-r", recipient, "-o", str(mine), str(tarball)])
            for other in bins.values():
                clean()
                run([other, "decrypt", "-i", str(key), "-o", str(out), str(mine)])
                if not filecmp.cmp(out, tarball, shallow=False):
                    sys.exit(f"{other} decrypted {mine} wrongly")
            mine.unlink()
            clean()
            run([binary, "open", "-q", "--signer", card, "-i", str(key), "--out", str(out), str(media["zstd"])])
        clean()

        def seal(kind):
            extra = [] if kind == "zstd" else ["--compression", "none"]

            def prep():
                clean()
                out.mkdir()
            return prep, lambda b: [b, "seal", *SEAL, "--to", card, "-i", str(key), "--medium", str(out), *extra, str(ex)]

        works = [
            ("encrypt", "encrypt (file to file)", clean,
             lambda b: [b, "encrypt", "-r", recipient, "-o", str(out), str(tarball)], ["cp", str(tarball), str(out)]),
            ("decrypt", "decrypt (file to file)", clean,
             lambda b: [b, "decrypt", "-i", str(key), "-o", str(out), str(enc)], ["cp", str(enc), str(out)]),
            ("seal", "seal (zstd -3)", *seal("zstd"), ["cp", str(tarball), str(out)]),
            ("open", "open (zstd -3)", clean,
             lambda b: [b, "open", "-q", "--signer", card, "-i", str(key), "--out", str(out), str(media["zstd"])],
             ["cp", str(tarball), str(out)]),
            ("seal-none", "seal --compression none", *seal("none"), ["cp", str(tarball), str(out)]),
            ("open-none", "open (no compression)", clean,
             lambda b: [b, "open", "-q", "--signer", card, "-i", str(key), "--out", str(out), str(media["none"])],
             ["cp", str(tarball), str(out)]),
        ]
        works = [w for w in works if not only or w[0] in only]
        res = {}
        cps = {}
        for r in range(args.rounds):
            order = [la, lb] if r % 2 == 0 else [lb, la]
            for key_, name, prep, argv, cp in works:
                for label in order:
                    prep()
                    res.setdefault((key_, label), []).append(run_timed(argv(bins[label])))
                clean()
                cps.setdefault(tuple(cp), []).append(run_timed(cp))
                clean()
        clean()

        print(f"## Cipher backend: {la} vs {lb}, {args.size} extract (tar {size:,} bytes), "
              f"{args.rounds} rounds interleaved\n")
        print(f"Machine: {os.cpu_count()} cores, {cpu_model()}, flags: {' '.join(cpu_flags())}; "
              f"work dir {work} ({fs_type(work)}); kernel {platform.release()}.\n")
        print(f"| work | {la} median s (min–max) | {lb} median s (min–max) | {la} ÷ {lb} | "
              f"user s {la} / {lb} | cp median s | {la} ÷ cp | {lb} ÷ cp |")
        print("|---|---|---|---|---|---|---|---|")
        med = lambda rs: statistics.median(x[0] for x in rs)  # noqa: E731
        for key_, name, _, _, cp in works:
            ra, rb, rc = res[(key_, la)], res[(key_, lb)], cps[tuple(cp)]
            ma, mb, mc = med(ra), med(rb), med(rc)
            span = lambda rs: f"{min(x[0] for x in rs):.3f}–{max(x[0] for x in rs):.3f}"  # noqa: E731
            ua = statistics.median(x[1] for x in ra)
            ub = statistics.median(x[1] for x in rb)
            print(f"| {name} | {ma:.3f} ({span(ra)}) | {mb:.3f} ({span(rb)}) | **{ma / mb:.2f}×** | "
                  f"{ua:.2f} / {ub:.2f} | {mc:.3f} | {ma / mc:.2f}× | {mb / mc:.2f}× |")
        print("\nRaw wall times (s):")
        for key_, name, _, _, _ in works:
            for label in (la, lb):
                print(f"- {name} / {label}: " + " ".join(f"{x[0]:.3f}" for x in res[(key_, label)]))
        for cp, rs in cps.items():
            print(f"- {' '.join(Path(c).name for c in cp)}: " + " ".join(f"{x[0]:.3f}" for x in rs))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
