#!/usr/bin/env python3
"""isou's whole workflow against the same work done with today's tools, in one run.

A synthetic registry extract (isou-synth: Japanese CSV, ~4.5x with zstd -3) is sealed,
opened and verified by isou and by the pipelines people use today; each pair runs
interleaved (A B A B ...) for --rounds rounds in a tmpfs directory. The markdown table
gives medians, min-max, throughput (extract bytes / s), the ratio against the peer and
peak RSS (GNU time's %M: the largest single process of a pipeline).

    python3 benches/workflow.py                      # 1 GiB extract, 5 rounds
    python3 benches/workflow.py --size 8G --rounds 5
    python3 benches/workflow.py --only seal,open     # a subset of the pairs

Pairs (isou | today's tools):
  seal (zstd)        | tar cf - X | zstd -T0 -3 | age -r R | tee OUT | sha256sum
  seal (none)        | tar cf - X | age -r R | tee OUT | sha256sum
  open               | cat data/payload.* | age -d -i K | zstd -d | tar x, then sha256sum
                     |   of every extracted file
  verify             | bagit.py --validate --processes 2;  sha256sum -c manifest-sha256.txt;
                     |   two `openssl dgst -sha256` processes over the segments (hardware)
  encrypt / decrypt  | age -r / age -d   (the extract as one tar file)
  seal (reference)   | 7z a -mx=1 -mhe=on -p... (AES-256 7z, today's habit)

Needs: age, zstd, tar, GNU time, bagit.py, openssl, 7z (p7zip-full), a tmpfs.
"""

import argparse
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


def sh(cmd):
    return ["sh", "-c", cmd]


def du(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="1G", help="extract size, e.g. 1G, 8G, 256M")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dir", default="/dev/shm/isou-workflow", help="work directory (tmpfs)")
    ap.add_argument("--no-build", action="store_true", help="use the existing release build")
    ap.add_argument("--only", default="", help="comma-separated subset: seal,none,open,verify,crypt,7z")
    ap.add_argument("--baseline", default="", metavar="BIN",
                    help="an earlier isou build: open and verify are also paired with it, interleaved")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    want = lambda k: not only or k in only  # noqa: E731

    for tool in ("age", "zstd", "tar", "bagit.py", "openssl", "7z", "sha256sum"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is required (see the docstring)")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bins", "--features", "synth"], cwd=ROOT, check=True)
    isou = str(ROOT / "target" / "release" / "isou")
    synth = str(ROOT / "target" / "release" / "isou-synth")
    size = parse_size(args.size)

    work = Path(args.dir)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = dict(os.environ, ISOU_LEDGER=str(work / "ledger.sqlite"), ISOU_POLICY=str(work / "none.toml"))
    os.environ.update(env)
    try:
        ex = work / "extract"
        subprocess.run([synth, args.size, str(ex), "1"], check=True, stdout=subprocess.DEVNULL)
        raw = du(ex)
        key = work / "identity.txt"
        card = subprocess.run([isou, "keygen", "--unprotected", "-q", "-o", str(key)],
                              check=True, capture_output=True, text=True).stdout.strip()
        recipient = card.split()[1]
        out = work / "out"          # every command's output; removed between runs
        medium = work / "medium"    # isou's medium for the seal runs

        def clean():
            for p in (out, medium):
                if p.is_dir():
                    shutil.rmtree(p)
                elif p.exists():
                    p.unlink()

        def isou_seal(*extra):
            def prep():
                clean()
                medium.mkdir()
            return prep, [isou, "seal", "-q", "--to", card, "-i", str(key), "--medium", str(medium), *extra, str(ex)]

        def plain(argv):
            return clean, argv

        exn = ex.name
        pairs = []
        if want("seal"):
            pairs.append(("seal (zstd -3)", "isou seal", isou_seal(), "tar | zstd -T0 -3 | age | tee | sha256sum",
                          plain(sh(f"cd {work} && tar cf - {exn} | zstd -T0 -3 -q | age -r {recipient} | tee {out} | sha256sum >/dev/null"))))
        if want("none"):
            pairs.append(("seal (no compression)", "isou seal --compression none", isou_seal("--compression", "none"),
                          "tar | age | tee | sha256sum",
                          plain(sh(f"cd {work} && tar cf - {exn} | age -r {recipient} | tee {out} | sha256sum >/dev/null"))))
        # Fixed media for open and verify, sealed once.
        sealed = work / "sealed"
        sealed_none = work / "sealed-none"
        for m, extra, needed in ((sealed, [], want("open")), (sealed_none, ["--compression", "none"], want("verify"))):
            if not needed:
                continue
            m.mkdir()
            subprocess.run([isou, "seal", "-q", "--to", card, "-i", str(key), "--medium", str(m), *extra, str(ex)],
                           check=True, stdout=subprocess.DEVNULL)
        if want("open"):
            pairs.append(("open", "isou open", plain([isou, "open", "-q", "--signer", card, "-i", str(key), "--out", str(out), str(sealed)]),
                          "cat | age -d | zstd -d | tar x; sha256sum each file",
                          plain(sh(f"mkdir {out} && cat {sealed}/data/payload.* | age -d -i {key} | zstd -d -q | tar x -C {out}"
                                   f" && cd {out} && find . -type f -exec sha256sum {{}} + >/dev/null"))))
        if want("open") and args.baseline:
            # The same command line: the baseline takes --signer too.
            argv = [isou, "open", "-q", "--signer", card, "-i", str(key), "--out", str(out), str(sealed)]
            pairs.append(("open vs baseline", "isou open", plain(argv),
                          "isou open (baseline build)", plain([args.baseline, *argv[1:]])))
        if want("verify"):
            segs = sorted((sealed_none / "data").iterdir())
            half = [" ".join(str(s) for s in segs[0::2]), " ".join(str(s) for s in segs[1::2])]
            v = plain([isou, "verify", "-q", "--signer", card, str(sealed_none)])
            pairs.append(("verify", "isou verify", v, "bagit.py --validate --processes 2",
                          plain(["bagit.py", "--quiet", "--validate", "--processes", "2", str(sealed_none)])))
            pairs.append(("verify", "isou verify", v, "sha256sum -c manifest-sha256.txt",
                          plain(sh(f"cd {sealed_none} && sha256sum --quiet -c manifest-sha256.txt"))))
            if args.baseline:
                pairs.append(("verify vs baseline", "isou verify", v, "isou verify (baseline build)",
                              plain([args.baseline, *v[1][1:]])))
            pairs.append(("verify", "isou verify", v, "2 × openssl dgst -sha256 in parallel (hardware limit)",
                          plain(sh(f"openssl dgst -sha256 {half[0]} >/dev/null & openssl dgst -sha256 {half[1] or half[0]} >/dev/null; wait"))))
        tarball = work / "extract.tar"
        if want("crypt"):
            subprocess.run(["tar", "cf", str(tarball), "-C", str(work), exn], check=True)
            enc = work / "extract.tar.age"
            subprocess.run([isou, "encrypt", "-r", recipient, "-o", str(enc), str(tarball)], check=True)
            pairs.append(("encrypt (tar of the extract)", "isou encrypt -r",
                          plain([isou, "encrypt", "-r", recipient, "-o", str(out), str(tarball)]),
                          "age -r", plain(["age", "-r", recipient, "-o", str(out), str(tarball)])))
            pairs.append(("decrypt", "isou decrypt", plain([isou, "decrypt", "-i", str(key), "-o", str(out), str(enc)]),
                          "age -d", plain(["age", "-d", "-i", str(key), "-o", str(out), str(enc)])))
        if want("7z"):
            pairs.append(("seal (zstd -3) vs 7-Zip", "isou seal", isou_seal(), "7z a -mx=1 -mhe=on -p… (AES-256)",
                          plain(["7z", "a", "-bd", "-bso0", "-mx=1", "-mhe=on", "-pbenchmark-only", f"{out}.7z", str(ex)])))

        results = {}
        sizes = {}
        for i, (name, la, (pa, a), lb, (pb, b)) in enumerate(pairs):
            ra, rb = results.setdefault((i, "a"), []), results.setdefault((i, "b"), [])
            for _ in range(args.rounds):
                for prep, argv, rs, tag in ((pa, a, ra, "a"), (pb, b, rb, "b")):
                    prep()
                    Path(f"{out}.7z").unlink(missing_ok=True)
                    rs.append(run_timed(argv))
                    if (i, tag) not in sizes:
                        if name.startswith("seal"):
                            sizes[(i, tag)] = (du(medium / "data") if tag == "a" else
                                               (out.stat().st_size if out.exists() else Path(f"{out}.7z").stat().st_size))
            clean()
            Path(f"{out}.7z").unlink(missing_ok=True)

        print(f"## isou's workflow vs today's tools: {args.size} synthetic extract ({raw:,} bytes), "
              f"{args.rounds} rounds interleaved\n")
        print(f"Machine: {os.cpu_count()} cores, {cpu_model()}, flags: {' '.join(cpu_flags())}; "
              f"work dir {work} ({fs_type(work)}); kernel {platform.release()}.\n")
        print("| work | command | median s | min–max s | MB/s of extract | user s | sys s | isou speed-up | peak RSS MiB | output bytes |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for i, (name, la, _, lb, _) in enumerate(pairs):
            med = {t: statistics.median(r[0] for r in results[(i, t)]) for t in "ab"}
            for t, label in (("a", la), ("b", lb)):
                label = label.replace("|", "\\|")  # a pipe would end the table cell
                rs = results[(i, t)]
                walls = [r[0] for r in rs]
                ratio = f"**{med['b'] / med['a']:.2f}×**" if t == "a" else "1.00×"
                print(f"| {name} | {label} | {med[t]:.3f} | {min(walls):.3f}–{max(walls):.3f} | "
                      f"{raw / med[t] / 1e6:.0f} | {statistics.median(r[1] for r in rs):.2f} | "
                      f"{statistics.median(r[2] for r in rs):.2f} | {ratio} | {max(r[3] for r in rs) / 1024:.1f} | "
                      f"{sizes.get((i, t), '')} |")
        print("\nRaw wall times (s):")
        for i, (name, la, _, lb, _) in enumerate(pairs):
            for t, label in (("a", la), ("b", lb)):
                print(f"- {name} / {label}: " + " ".join(f"{r[0]:.3f}" for r in results[(i, t)]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
