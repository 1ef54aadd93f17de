#!/usr/bin/env python3
"""`isou seal` and `isou open` of this build against an earlier one, interleaved (new, base,
new, base …), on a 1 GiB synthetic extract (few large files) and 10 000 small files in 100
folders: what issue 15 costs on the hot path (the medium and the extract compared by
device and inode, each folder volume held and written through /proc/self/fd/N, open's
staging made and renamed through the held folder, stderr through the progress bar's
suspend). Quiet runs (-q), tmpfs, anonymized class (both builds accept the same flags).
Medians and their ratio.

    mkdir /dev/shm/b15 && cd /dev/shm/b15
    isou-synth 1G big            # and small/: 100 folders × 100 CSV files
    isou keygen --unprotected -q -o s.txt > rc
    python3 /path/to/benches/clerk_baseline.py ROUNDS NEW_BIN BASE_BIN
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

rounds, new, base = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rc = open("rc").read().strip()
res = {}


def timed(argv):
    t = time.monotonic()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert p.returncode == 0, (argv, p.stderr)
    return time.monotonic() - t


for what in ["big", "small"]:
    for _ in range(rounds):
        for name, b in [("new", new), ("base", base)]:
            m, out = os.path.abspath("m"), os.path.abspath("out")
            shutil.rmtree(m, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            os.mkdir(m)
            led = os.path.abspath(f"l-{name}.sqlite")
            res.setdefault((what, "seal", name), []).append(timed(
                [b, "--ledger", led, "seal", "-q", "--class", "anonymized", "--carrier",
                 "普通郵便", "--to", rc, "-i", "s.txt", "--medium", m, what]))
            res.setdefault((what, "open", name), []).append(timed(
                [b, "--ledger", led, "open", "-q", "-i", "s.txt", "--any-sender", "--out", out, m]))
for k, v in sorted(res.items()):
    print(k, "median %.3f" % statistics.median(v), " ".join("%.3f" % x for x in v))
for what in ["big", "small"]:
    for op in ["seal", "open"]:
        r = statistics.median(res[(what, op, "new")]) / statistics.median(res[(what, op, "base")])
        print(what, op, "new/base median ratio %.3f" % r)
