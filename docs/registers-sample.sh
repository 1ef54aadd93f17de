#!/bin/sh
# Makes the register samples in README.md and docs/COMPLIANCE.md by running isou: a
# sender (大阪府がん登録室) and a recipient (国立がん研究センター), each with its policy
# and ledger, through seal (a set of three USB sticks) → ship → key-sent → verify
# (VALID, pinned) → signed receipt (受領書) → verify without --signer → open twice → record correct → dispose,
# then every register of both ledgers as Markdown tables (`record export`, CSV).
#
#   cargo build && sh docs/registers-sample.sh [target/debug/isou] > /tmp/samples.md
#
# A debug build, because every command runs at a fixed instant (`ISOU_NOW`, which
# release builds ignore), so the dates and times are those of the sample. Keys, ids
# and hashes are new on every run.
set -eu
ISOU=$(realpath "${1:-target/debug/isou}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export ISOU_POLICY= XDG_CONFIG_HOME="$work/config"
account=$(id -un)
rcard=$("$ISOU" keygen --unprotected -q -o r.txt)
scard=$("$ISOU" keygen --unprotected -q -o s.txt)
cat > sender.toml <<EOF
organization = "大阪府がん登録室"
handlers = [ { name = "山田 太郎", account = "$account" } ]
[[contacts]]
name = "国立がん研究センター"
card = "$rcard"
EOF
cat > recipient.toml <<EOF
organization = "国立がん研究センター"
handlers = [ { name = "佐藤 花子", account = "$account" } ]
[[contacts]]
name = "大阪府がん登録室"
card = "$scard"
EOF
s() { now=$1; shift; ISOU_NOW=$now "$ISOU" --ledger sender.sqlite --policy sender.toml "$@" >/dev/null; }
r() { now=$1; shift; ISOU_NOW=$now "$ISOU" --ledger recipient.sqlite --policy recipient.toml "$@" >/dev/null; }
mkdir 抽出 usb1 usb2 usb3
head -c 1200000 /dev/urandom > 抽出/がん登録.csv
s 2026-12-03T23:30:00Z seal --to 国立がん研究センター -i s.txt --medium usb1 --medium usb2 --medium usb3 \
  --volume-size 1M --compression none --carrier 簡易書留 --tracking-number 131-12-38385-2 \
  --envelope-confirmed --retain-until 2027-03-31 \
  --approver "鈴木 一郎" --application 申出第2026-17号 --use-until 2027-03-31 抽出
id=$("$ISOU" --ledger sender.sqlite record list --json | sed -n 's/.*"shipment": "\(ISOU-[^"]*\)".*/\1/p' | head -1)
s 2026-12-04T00:10:00Z record ship "$id" --carrier 簡易書留 --tracking-number 131-12-38385-2
s 2026-12-04T00:10:00Z record key-sent "$id" --method 別便簡易書留 --tracking-number 4055-4842-4886
s 2026-12-05T02:00:00Z record correct 2 --note 窓口での受付は翌日
r 2026-12-04T05:00:00Z verify --signer 大阪府がん登録室 --tracking-number 131-12-38385-2 usb1 usb2 usb3
r 2026-12-04T05:03:00Z receipt "$id" -i r.txt -o 受領書.txt
s 2026-12-04T07:00:00Z record receipt 受領書.txt
r 2026-12-04T05:05:00Z verify usb1 usb2 usb3 2>/dev/null || true
r 2026-12-04T06:00:00Z open -i r.txt --signer 大阪府がん登録室 --out 復号1 usb1 usb2 usb3
r 2026-12-05T01:00:00Z open -i r.txt --signer 大阪府がん登録室 --out 復号2 usb1 usb2 usb3 2>/dev/null
r 2026-12-05T02:00:00Z record correct 5 --note 出力先は暗号化フォルダへ移動済
r 2026-12-06T03:00:00Z record dispose "$id" --method 物理破壊 --witness "高橋 三郎"
r 2026-12-06T03:30:00Z record dispose "$id/復号" --method 消去ソフト --witness "高橋 三郎"

# A register as a Markdown table: transposed (a column per ledger) when `wide`.
table() {
  python3 - "$@" <<'PY'
import csv, io, subprocess, sys
isou, register, wide = sys.argv[1], sys.argv[2], sys.argv[3] == "wide"
ledgers = sys.argv[4:]
def rows(ledger):
    out = subprocess.run([isou, "--ledger", ledger, "record", "export", "--register", register],
                         check=True, capture_output=True).stdout.decode("utf-8-sig")
    table = []
    for r in csv.reader(io.StringIO(out)):
        if not any(r):  # the provenance block (出力情報) follows an empty row
            break
        table.append(r)
    return table
cell = lambda v: v.replace("|", "\\|") or " "
if wide:
    cols = [(l.split(".")[0], r) for l in ledgers for r in rows(l)[1:]]
    titles = rows(ledgers[0])[0]
    print("| 列 | " + " | ".join(name for name, _ in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for i, title in enumerate(titles):
        print(f"| {title} | " + " | ".join(cell(r[i]) for _, r in cols) + " |")
else:
    for l in ledgers:
        rs = rows(l)
        print(f"{l.split('.')[0]}:\n")
        print("| " + " | ".join(rs[0]) + " |")
        print("|" + "---|" * len(rs[0]))
        for r in rs[1:]:
            print("| " + " | ".join(cell(c) for c in r) + " |")
        print()
PY
}
echo "#### 移送記録簿 (record export)"; echo
table "$ISOU" transport wide sender.sqlite recipient.sqlite
echo; echo "#### 受領・検証・復号記録 (record export --register checks)"; echo
table "$ISOU" checks rows recipient.sqlite
echo "#### 媒体管理簿 (record export --register media)"; echo
table "$ISOU" media rows sender.sqlite recipient.sqlite
echo "#### 廃棄記録 (record export --register disposal)"; echo
table "$ISOU" disposal rows recipient.sqlite
