#!/usr/bin/env python3
"""Slow media: does `isou seal` hide compression, encryption and hashing behind the I/O?

The medium is made slow by benches/throttle.c (an LD_PRELOAD shim, built here with gcc):
every write() into the medium's folder is paid for at --rate bytes/s, as on a USB 2.0
stick or a disc burner; reads are not limited. The peer, measured in the same run, is the
pure transfer of the same bytes: `pv -qL RATE` copying the sealed payload. isou's time
should be within 10% of it.

    python3 benches/slow_media.py                    # 256 MiB extract, 20 MB/s, 3 rounds
    python3 benches/slow_media.py --size 1G --rate 20m

Needs: gcc, pv, a tmpfs.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import parse_size  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="256M")
    ap.add_argument("--rate", default="20m", help="medium speed in pv -L syntax (20m = 20 MiB/s)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", default="/dev/shm/isou-slow")
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    for tool in ("gcc", "pv"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is required")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bins", "--features", "synth"], cwd=ROOT, check=True)
    isou = str(ROOT / "target" / "release" / "isou")
    synth = str(ROOT / "target" / "release" / "isou-synth")
    # pv's -L takes binary suffixes: 20m = 20 MiB/s.
    rate = parse_size(args.rate.upper())

    work = Path(args.dir)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        shim = work / "throttle.so"
        subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", str(shim), str(ROOT / "benches" / "throttle.c"),
                        "-ldl", "-lpthread"], check=True)
        env = dict(os.environ, ISOU_LEDGER=str(work / "ledger.sqlite"), ISOU_POLICY=str(work / "none.toml"))
        ex = work / "extract"
        subprocess.run([synth, args.size, str(ex), "1"], check=True, stdout=subprocess.DEVNULL)
        key = work / "identity.txt"
        card = subprocess.run([isou, "keygen", "--unprotected", "-q", "-o", str(key)], env=env,
                              check=True, capture_output=True, text=True).stdout.strip()
        medium = work / "medium"
        rows = []
        for mode, extra in (("zstd -3", []), ("no compression", ["--compression", "none"])):
            isou_t, pv_t, sizes = [], [], []
            for _ in range(args.rounds):
                shutil.rmtree(medium, ignore_errors=True)
                medium.mkdir()
                slow = dict(env, LD_PRELOAD=str(shim), THROTTLE_DIR=str(medium), THROTTLE_BPS=str(rate))
                t0 = time.perf_counter()
                subprocess.run([isou, "seal", "-q", "--to", card, "-i", str(key), "--medium", str(medium),
                                *extra, str(ex)], env=slow, check=True, stdout=subprocess.DEVNULL)
                isou_t.append(time.perf_counter() - t0)
                written = sum(f.stat().st_size for f in medium.rglob("*") if f.is_file())
                sizes.append(written)
                # The peer: the same number of bytes through pv at the same rate.
                payload = sorted((medium / "data").iterdir())
                t0 = time.perf_counter()
                subprocess.run(["sh", "-c", f"cat {' '.join(map(str, payload))} {medium}/*.txt | "
                                            f"pv -qL {args.rate} > {work}/copy"], check=True)
                pv_t.append(time.perf_counter() - t0)
                (work / "copy").unlink()
            mi, mp = statistics.median(isou_t), statistics.median(pv_t)
            rows.append((mode, statistics.median(sizes), mp, mi, min(isou_t), max(isou_t)))
        print(f"## Slow medium: {args.size} extract, medium limited to {args.rate}B/s ({rate:,} B/s), "
              f"{args.rounds} rounds\n")
        print("| seal | bytes written | pure transfer (pv -qL) s | isou seal s (min–max) | isou / transfer |")
        print("|---|---|---|---|---|")
        for mode, size, mp, mi, lo, hi in rows:
            print(f"| {mode} | {size:,.0f} | {mp:.2f} | {mi:.2f} ({lo:.2f}–{hi:.2f}) | **{mi / mp:.3f}** |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
