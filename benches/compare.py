#!/usr/bin/env python3
"""Compare isou with the tools people use today, measured in the same run.

Each pair runs interleaved (A B A B ...) for --rounds rounds on a tmpfs directory; the
table gives medians, min-max, throughput, the ratio against the peer and peak RSS
(ru_maxrss of the process). A plain `cat IN > OUT` through the same tmpfs is measured
too, for scale: the cost of merely moving the bytes through the same file system.

    python3 benches/compare.py                  # 1 GiB input in /dev/shm, 5 rounds
    python3 benches/compare.py --size 4G        # a larger input (RSS must not grow)
    python3 benches/compare.py --no-build --rounds 9

Needs: the `age` CLI (Debian package `age`), GNU time (package `time`), a tmpfs
(default /dev/shm).
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_size(s):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    s = s.strip().upper().rstrip("IB")
    if s and s[-1] in units:
        return int(float(s[:-1]) * units[s[-1]])
    return int(s)


def run_timed(argv, stdout=None):
    """Runs argv under GNU time; returns (wall s, user s, sys s, peak RSS KiB).

    Peak RSS comes from GNU time (a small parent), not from this process's wait4: on
    Linux a child's ru_maxrss includes the pre-exec copy of the (large) Python parent.
    """
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"isou-bench-time-{os.getpid()}"
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", str(report), *argv],
                           stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
    finally:
        if stdout:
            out.close()
    if p.returncode != 0:
        sys.exit(f"command failed: {' '.join(map(str, argv))}\n{p.stderr.decode(errors='replace')}")
    user, sys_s, rss = report.read_text().split()[-3:]
    report.unlink()
    return wall, float(user), float(sys_s), int(rss)


def cpu_flags():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("flags"):
                have = set(line.split(":", 1)[1].split())
                return [f for f in ("sha_ni", "avx2", "avx512f", "bmi2") if f in have]
    except OSError:
        pass
    return []


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="1G", help="input size, e.g. 1G, 4G, 256M")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dir", default="/dev/shm/isou-bench", help="work directory (tmpfs)")
    ap.add_argument("--no-build", action="store_true", help="use the existing release build")
    args = ap.parse_args()

    if shutil.which("age") is None:
        sys.exit("the age CLI is required (apt-get install age)")
    if not os.path.exists("/usr/bin/time"):
        sys.exit("GNU time is required for peak RSS (apt-get install time)")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    isou = str(ROOT / "target" / "release" / "isou")
    size = parse_size(args.size)

    work = Path(args.dir)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        inp = work / "input"
        with open(inp, "wb") as f, open("/dev/urandom", "rb") as r:
            left = size
            while left:
                b = r.read(min(left, 1 << 24))
                f.write(b)
                left -= len(b)
        key = work / "identity.txt"
        card = subprocess.run([isou, "keygen", "--unprotected", "-q", "-o", str(key)],
                              check=True, capture_output=True, text=True).stdout
        recipient = card.split()[1]
        sealed = work / "sealed.age"
        subprocess.run([isou, "encrypt", "-r", recipient, "-o", str(sealed), str(inp)], check=True)
        out = work / "out"

        devnull = "/dev/null"
        # (work, isou argv, age argv, where stdout goes)
        pairs = [
            ("encrypt to file", [isou, "encrypt", "-r", recipient, "-o", str(out), str(inp)],
             ["age", "-r", recipient, "-o", str(out), str(inp)], None),
            ("decrypt to file", [isou, "decrypt", "-i", str(key), "-o", str(out), str(sealed)],
             ["age", "-d", "-i", str(key), "-o", str(out), str(sealed)], None),
            ("encrypt to /dev/null", [isou, "encrypt", "-r", recipient, str(inp)],
             ["age", "-r", recipient, str(inp)], devnull),
            ("decrypt to /dev/null", [isou, "decrypt", "-i", str(key), str(sealed)],
             ["age", "-d", "-i", str(key), str(sealed)], devnull),
        ]

        results = {}
        for name, a, b, redirect in pairs:
            cat_out = devnull if redirect else out
            runs = (("isou", a, redirect), ("age", b, redirect), ("cat", ["cat", str(inp)], cat_out))
            for label, _, _ in runs:
                results[(name, label)] = []
            for _ in range(args.rounds):
                for label, argv, where in runs:
                    out.unlink(missing_ok=True)
                    results[(name, label)].append(run_timed(argv, stdout=where))
            out.unlink(missing_ok=True)

        print(f"## isou vs age, {args.size} input ({size:,} bytes), {args.rounds} rounds interleaved\n")
        print(f"Machine: {os.cpu_count()} cores, {cpu_model()}, flags: {' '.join(cpu_flags())}; "
              f"work dir {work} ({fs_type(work)}); kernel {platform.release()}.\n")
        print("| work | tool | median s | min–max s | GB/s | user s | sys s | speed-up vs age | peak RSS MiB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for name, _, _, _ in pairs:
            med_age = statistics.median(r[0] for r in results[(name, "age")])
            for label in ("isou", "age", "cat"):
                rs = results[(name, label)]
                walls = [r[0] for r in rs]
                med = statistics.median(walls)
                user = statistics.median(r[1] for r in rs)
                sys_s = statistics.median(r[2] for r in rs)
                rss = max(r[3] for r in rs) / 1024
                ratio = {"isou": f"**{med_age / med:.2f}×**", "age": "1.00×"}.get(label, f"{med_age / med:.2f}×")
                tool = {"isou": f"isou {name.split()[0]}",
                        "age": f"age {'-d' if name.startswith('decrypt') else '-r'}",
                        "cat": "cat (plain copy, for scale)"}[label]
                print(f"| {name} | {tool} | {med:.3f} | {min(walls):.3f}–{max(walls):.3f} | "
                      f"{size / med / 1e9:.2f} | {user:.2f} | {sys_s:.2f} | {ratio} | {rss:.1f} |")
        print("\nRaw wall times (s):")
        for (name, label), rs in results.items():
            print(f"- {name}/{label}: " + " ".join(f"{r[0]:.3f}" for r in rs))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fs_type(path):
    try:
        out = subprocess.run(["stat", "-f", "-c", "%T", str(path)], capture_output=True, text=True)
        return out.stdout.strip()
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
