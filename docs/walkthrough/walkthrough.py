#!/usr/bin/env python3
"""The README's walkthrough, run as a clerk and a researcher would run it: at a terminal.

Every command runs on a real pseudo-terminal (so progress bars are drawn and prompts are
asked exactly as a person sees them), passphrases are typed at the prompt (echo off, so they
never appear in the transcript), and the envelope question is answered by hand. The screen
is written to docs/walkthrough/TRANSCRIPT.md (or the file given as the first argument) with
the terminal's control sequences removed: a progress bar shows its last state.

    python3 docs/walkthrough/walkthrough.py [OUT.md]     # needs target/release/isou (or ISOU=…)

Standard library only (pty, os, select): no pexpect, so it runs on a fresh machine.
A step that does not show the prompt the walkthrough waits for fails the run (exit 1):
a prompt hidden under a progress bar is exactly the bug this transcript is kept to catch
(issue 15, item 1).
"""

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ISOU = os.path.abspath(os.environ.get("ISOU") or os.path.join(ROOT, "target", "release", "isou"))
LANG = os.environ.get("WALKTHROUGH_LANG", "en_US.UTF-8")
JA = LANG.startswith("ja")
# The Japanese run (issue 17) is kept beside the English one: TRANSCRIPT.ja.md.
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    ROOT, "docs", "walkthrough", "TRANSCRIPT.ja.md" if JA else "TRANSCRIPT.md")
TIMEOUT = 120  # seconds per prompt: generous, the machine may be loaded

# Control sequences: CSI (colours, cursor moves, line clears) and OSC.
CSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def screen(raw: bytes) -> str:
    """What stays on a terminal after the output: last state of every redrawn line."""
    text = raw.decode("utf-8", "replace")
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        # indicatif redraws with \r and clears with CSI 2K; keep what was drawn last.
        parts = [CSI.sub("", p) for p in line.split("\r")]
        parts = [p for p in parts if p.strip()]
        lines.append(parts[-1].rstrip() if parts else "")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


class Step:
    def __init__(self, who, cwd, env, argv, answers=(), note="", expect_rc=0, shown=None, before=None):
        self.who, self.cwd, self.env, self.argv = who, cwd, env, argv
        self.before = before  # (shell command shown in the transcript, what it does)
        self.answers = list(answers)  # (regex the screen must show, text to type, secret?)
        self.note, self.expect_rc, self.shown = note, expect_rc, shown


def run(step: Step):
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session of its own with the pty as its terminal
        os.chdir(step.cwd)
        os.execve(step.argv[0], step.argv, step.env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    raw = b""
    answers = list(step.answers)
    seen_upto = 0
    deadline = time.monotonic() + TIMEOUT
    status = None
    while True:
        if answers:
            pattern, text, _secret = answers[0]
            visible = CSI.sub("", raw[seen_upto:].decode("utf-8", "replace"))
            if re.search(pattern, visible):
                if _secret and termios.tcgetattr(fd)[3] & termios.ECHO:
                    # The prompt is printed before echo is switched off: a person is
                    # never that fast, the script is; type only once echo is off.
                    time.sleep(0.01)
                    continue
                seen_upto = len(raw)
                answers.pop(0)
                os.write(fd, (text + "\n").encode())
                deadline = time.monotonic() + TIMEOUT
                continue
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            what = f"the prompt /{answers[0][0]}/" if answers else "the end"
            raise SystemExit(
                f"walkthrough: {' '.join(step.argv[1:])}: waited {TIMEOUT}s for {what}; screen:\n{screen(raw)}"
            )
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if chunk:
                raw += chunk
                continue
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            # Drain what is left, then stop.
            while True:
                r, _, _ = select.select([fd], [], [], 0.2)
                if not r:
                    break
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                raw += chunk
            status = os.waitstatus_to_exitcode(st)
            break
    os.close(fd)
    if answers:
        raise SystemExit(
            f"walkthrough: {' '.join(step.argv[1:])} ended (exit {status}) before the prompt "
            f"/{answers[0][0]}/ was shown; screen:\n{screen(raw)}"
        )
    if status != step.expect_rc:
        raise SystemExit(
            f"walkthrough: {' '.join(step.argv[1:])}: exit {status}, expected {step.expect_rc}; screen:\n{screen(raw)}"
        )
    for want in step.shown or ():
        if not re.search(want, screen(raw)):
            raise SystemExit(f"walkthrough: {' '.join(step.argv[1:])}: /{want}/ not on screen:\n{screen(raw)}")
    return status, screen(raw)


def shell_word(a: str) -> str:
    if re.fullmatch(r"[\w./:=@,+~-]+", a) and not a.startswith("~"):
        return a
    return "'" + a.replace("'", "'\\''") + "'"


def main():
    if not os.access(ISOU, os.X_OK):
        raise SystemExit(f"walkthrough: no isou at {ISOU}; build it first: cargo build --release")
    work = tempfile.mkdtemp(prefix="isou-walkthrough-")
    try:
        transcript = walk(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(transcript)
    print(f"walkthrough: every step passed; transcript in {os.path.relpath(OUT, ROOT)}")


def walk(work: str) -> str:
    sender = os.path.join(work, "送付元")  # the registry clerk's machine
    recipient = os.path.join(work, "受領者")  # the researcher's machine
    usb = os.path.join(work, "usb")  # the USB stick, carried between them
    for d in (sender, recipient, usb):
        os.makedirs(d)

    def env_for(home):
        return {
            "HOME": home,
            "PATH": os.path.dirname(ISOU) + ":/usr/bin:/bin",
            "LANG": LANG,
            "TERM": "xterm-256color",
            "TZ": "Asia/Tokyo",
        }

    # A small synthetic extract (no real data): Japanese headers, ids, ICD-O-3 sites.
    ex = os.path.join(sender, "抽出データ", "2024")
    os.makedirs(ex)
    with open(os.path.join(ex, "症例.csv"), "w", encoding="utf-8") as f:
        f.write("登録番号,性別,診断日,年齢,部位コード,形態コード,進展度,治療,生存状況,最終確認日\n")
        for i in range(1, 50001):
            f.write(
                f"{i:08d},{i % 2 + 1},2024-{i % 12 + 1:02d}-{i % 28 + 1:02d},{40 + i % 50},"
                f"C{i % 80:02d}.{i % 10},8{i % 1000:03d}/3,{i % 4},{i % 3},{i % 2},2025-03-31\n"
            )
    with open(os.path.join(sender, "抽出データ", "部位コード表.csv"), "w", encoding="utf-8") as f:
        f.write("コード,名称\nC18,結腸\n")

    s_env, r_env = env_for(sender), env_for(recipient)
    pw_s, pw_r = "sakura-kawa-yama-umi-4821", "momiji-tsuki-hoshi-kaze-7390"
    # The prompts and verdicts the run waits for, in the language of the locale: the
    # Japanese run must show Japanese prompts (a pty test of the catalogue, issue 17).
    PW = r"パスフレーズ" if JA else r"(?i)passphrase"
    OK = r"正常" if JA else r"VALID"
    MISSING = r"ありません" if JA else r"does not exist"
    steps = []

    def add(who, env, cwd, args, **kw):
        steps.append(Step(who, cwd, env, [ISOU] + args, **kw))

    add("送付元 (registry clerk)", s_env, sender, ["keygen", "--label", "大阪府がん登録室"],
        answers=[(PW, pw_s, True), (PW, pw_s, True)], note="asks for a passphrase twice; prints the contact card")
    add("受領者 (researcher)", r_env, recipient, ["keygen", "--label", "大阪大学 疫学研究室"],
        answers=[(PW, pw_r, True), (PW, pw_r, True)])
    steps_cards = len(steps)
    add("受領者 (researcher)", r_env, recipient, ["card"],
        note="the card again, to hand to the sender in person")
    add("送付元 (registry clerk)", s_env, sender, ["card"])

    results = []
    cards = {}
    for i, st in enumerate(steps):
        rc, out = run(st)
        results.append((st, rc, out))
        if i >= steps_cards:
            line = [ln for ln in out.splitlines() if ln.startswith("isou-card-v1 ")]
            if not line:
                raise SystemExit(f"walkthrough: no contact card printed by {st.argv}:\n{out}")
            cards["recipient" if st.cwd == recipient else "sender"] = line[-1]

    with open(os.path.join(sender, "recipient.card"), "w", encoding="utf-8") as f:
        f.write(cards["recipient"] + "\n")
    with open(os.path.join(recipient, "sender.card"), "w", encoding="utf-8") as f:
        f.write(cards["sender"] + "\n")
    with open(os.path.join(sender, "my.card"), "w", encoding="utf-8") as f:
        f.write(cards["sender"] + "\n")

    ident = ".config/isou/identity.txt"
    more = []

    def add2(who, env, cwd, args, **kw):
        more.append(Step(who, cwd, env, [ISOU] + args, **kw))

    add2("送付元 (registry clerk)", s_env, sender,
         ["seal", "--to", "recipient.card", "-i", os.path.join(sender, ident), "--medium", usb,
          "--tracking-number", "131-12-38385-2", "--carrier", "簡易書留",
          "--destination", "大阪大学 疫学研究室", "--approver", "山田 太郎",
          "--application", "申出-2026-017", "--use-until", "2099-03-31", "抽出データ"],
         answers=[(r"\[y/N\]", "y", False), (PW, pw_s, True)],
         note="the envelope question (§2.2⑤), then the signing key's passphrase")
    add2("送付元 (registry clerk)", s_env, sender, ["record", "list", "--open"])
    results_more = []
    for st in more:
        rc, out = run(st)
        results_more.append((st, rc, out))
    shipment = re.search(r"ISOU-\d{8}-[0-9A-Z]+", results_more[0][2])
    if not shipment:
        raise SystemExit("walkthrough: seal printed no shipment id:\n" + results_more[0][2])
    sid = shipment.group(0)

    last = []

    def add3(who, env, cwd, args, **kw):
        last.append(Step(who, cwd, env, [ISOU] + args, **kw))

    add3("送付元 (registry clerk)", s_env, sender, ["verify", "--signer", "my.card", usb],
         note="the sender's own check before shipping: recorded as checked-before-shipping, not a receipt",
         shown=[OK])
    add3("送付元 (registry clerk)", s_env, sender,
         ["record", "ship", sid, "--carrier", "簡易書留", "--tracking-number", "131-12-38385-2"])
    add3("受領者 (researcher)", r_env, recipient,
         ["verify", "--signer", "sender.card", "--tracking-number", "131-12-38385-2", usb],
         note="the mail room, no key needed", shown=[OK])
    open_args = ["open", usb, "-i", os.path.join(recipient, ident), "--signer", "sender.card",
                 "--out", os.path.join(recipient, "受領", "2024-11")]
    add3("受領者 (researcher)", r_env, recipient, open_args, expect_rc=2,
         note="the README's --out ~/受領/2024-11 on a fresh machine: the folder above it does not "
              "exist yet, so isou names it and makes nothing (issue 15 item 6)",
         shown=[MISSING, r"mkdir -p"])
    add3("受領者 (researcher)", r_env, recipient, open_args,
         answers=[(PW, pw_r, True)],
         before=("mkdir -p ~/受領", lambda: os.makedirs(os.path.join(recipient, "受領"))),
         note="after `mkdir -p ~/受領`: the passphrase prompt is on screen before the progress "
              "bar starts (issue 15 item 1)")
    add3("受領者 (researcher)", r_env, recipient, ["record", "show", sid])
    add3("受領者 (researcher)", r_env, recipient,
         ["record", "dispose", sid, "--method", "物理破壊", "--witness", "佐藤 一郎"])
    add3("受領者 (researcher)", r_env, recipient, ["record", "list"])
    add3("受領者 (researcher)", r_env, recipient, ["record", "check"])
    add3("送付元 (registry clerk)", s_env, sender, ["record", "show", sid])
    for st in last:
        if st.before:
            st.before[1]()
        rc, out = run(st)
        results_more.append((st, rc, out))

    opened = os.path.join(recipient, "受領", "2024-11", "抽出データ")
    same = subprocess.run(["diff", "-r", os.path.join(sender, "抽出データ"), opened],
                          capture_output=True).returncode == 0
    if not same:
        raise SystemExit("walkthrough: the opened extract differs from the original")

    md = [
        "# The README walkthrough, as a clerk runs it",
        "",
        "Generated by `python3 docs/walkthrough/walkthrough.py` (issue 15): every command ran on a",
        "pseudo-terminal, as a person at a terminal runs it; passphrases were typed at the prompt",
        "(echo off, so they do not appear); the envelope question was answered `y`. Progress bars",
        "show their last state. Two home folders stand for the two machines; `usb` is the stick.",
        f"Locale `{LANG}`, time zone Asia/Tokyo, isou `{subprocess.run([ISOU, '--version'], capture_output=True, text=True).stdout.strip()}`.",
        "",
        "Checked by the run: every prompt the walkthrough answers was on screen before it was",
        "answered, every exit code was the expected one, and the opened extract is identical",
        "to the original (`diff -r`).",
        "",
        "The same run in Japanese (`WALKTHROUGH_LANG=ja_JP.UTF-8`) is TRANSCRIPT.ja.md, and",
        "the English one TRANSCRIPT.md; times are Japan time (the policy's default zone).",
        "",
    ]
    tmp = re.escape(work)
    for st, rc, out in results + results_more:
        shown_args = [re.sub(tmp, "~", a) for a in st.argv[1:]]
        md.append(f"## {st.who}: `isou {' '.join(shell_word(a) for a in shown_args)}`")
        md.append("")
        if st.note:
            md.append(f"_{st.note}_")
            md.append("")
        if st.before:
            md.append(f"(first: `{st.before[0]}`)")
            md.append("")
        md.append("```text")
        md.append(re.sub(tmp, "~", out) if out else "(nothing printed)")
        md.append("```")
        md.append(f"exit {rc}")
        md.append("")
    return "\n".join(md) + "\n"


if __name__ == "__main__":
    main()
