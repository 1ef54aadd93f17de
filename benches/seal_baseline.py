#!/usr/bin/env python3
"""`isou seal` of this build against an earlier one, interleaved (new, base, new, base …),
on a 1 GiB synthetic extract (few large files) and 10 000 small files in 100 folders:
what a change to how the extract is read (issue 13: every folder listed through an
O_NOFOLLOW descriptor, every file reopened and compared by inode, fstatfs per file)
costs. Medians and their ratio.

    cd /dev/shm/b13   # a tmpfs folder holding: big/ (isou-synth 1G big), small/,
                      # s.txt (an unprotected identity), rc (a recipient's card)
    python3 /path/to/benches/seal_baseline.py ROUNDS NEW_BIN BASE_BIN
"""
import subprocess,time,os,shutil,statistics,sys
N=sys.argv[2]; B=sys.argv[3]
rc=open("rc").read().strip()
res={}
for what in ["big","small"]:
  for r in range(int(sys.argv[1])):
    for name,b in [("new",N),("base",B)]:
        m=os.path.abspath("m"); shutil.rmtree(m,ignore_errors=True); os.mkdir(m)
        led=os.path.abspath(f"l-{name}.sqlite")
        t=time.monotonic()
        p=subprocess.run([b,"--ledger",led,"seal","-q","--to",rc,"-i","s.txt","--medium",m,what],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)
        dt=time.monotonic()-t
        assert p.returncode==0,(name,p.stderr)
        res.setdefault((what,name),[]).append(dt)
for k,v in sorted(res.items()):
    print(k, "median %.3f"%statistics.median(v), " ".join("%.3f"%x for x in v))
for what in ["big","small"]:
    print(what, "new/base median ratio %.3f"%(statistics.median(res[(what,"new")])/statistics.median(res[(what,"base")])))
