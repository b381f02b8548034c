#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Score page through AT-SPI, as a screen reader or automation tool sees it.

test-accessibility.py MSGSCORE
Starts the real app, finds the subject entry, the score and the findings
list by role and name, types into the entry through AT-SPI and reads the
updated score. Speaks TAP on stdout; the app's output goes to stderr.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TESTS = [
    "finds the subject entry by role and name",
    "finds the score by role and name",
    "finds the findings list by role and name",
    "typing into the subject updates the score",
    "typing lists the findings",
    "finds the getting-started checklist by role and name",
    "the checklist names each step and whether it is done",
]

try:
    import pyatspi
except ImportError:
    print("1..0 # SKIP pyatspi is not installed (python3-pyatspi)")
    sys.exit(0)

results = []


def report(ok, name, detail=""):
    results.append(ok)
    line = f"{'ok' if ok else 'not ok'} {len(results)} - {name}"
    print(line + (f" # {detail}" if detail and not ok else ""), flush=True)


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return None


def find(root, role, name):
    """Depth-first search for an accessible with this role and name."""
    stack = [root]
    while stack:
        node = stack.pop()
        try:
            if node.getRole() == role and node.name == name:
                return node
            stack.extend(child for child in node if child is not None)
        except Exception:  # a node that went away while we walked
            continue
    return None


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def score_value(score):
    match = re.search(r"(\d+)", score.description or "")
    return int(match.group(1)) if match else None


def count_findings(findings):
    """Rows with a name under the findings list (one per finding)."""
    count = 0
    stack = [findings]
    while stack:
        node = stack.pop()
        try:
            if node.getRole() == pyatspi.ROLE_LIST_ITEM and node.name:
                count += 1
            stack.extend(child for child in node if child is not None)
        except Exception:
            continue
    return count


def step_names(checklist):
    """The names of the checklist's rows (list items directly under it)."""
    names = []
    for child in checklist:
        try:
            if child is not None and child.getRole() == pyatspi.ROLE_LIST_ITEM:
                names.append(child.name)
        except Exception:
            continue
    return names


def main():
    print(f"1..{len(TESTS)}", flush=True)
    # A fresh profile of its own: the checklist of a first run, and no
    # other program's database.
    profile = tempfile.mkdtemp(prefix="msgscore-a11y-")
    env = dict(os.environ, LANGUAGE="en", LANG="C.UTF-8", MSGSCORE_PROFILE_DIR=profile)
    app_process = subprocess.Popen([sys.argv[1]], env=env, stdout=sys.stderr, stderr=sys.stderr)
    try:
        app = wait_for(lambda: find_app(app_process.pid), timeout=20)
        subject = wait_for(lambda: app and find(app, pyatspi.ROLE_TEXT, "Subject"))
        report(subject is not None and "EditableText" in pyatspi.utils.listInterfaces(subject),
               TESTS[0])

        score = wait_for(lambda: app and find(app, pyatspi.ROLE_LEVEL_BAR, "Score"))
        report(score is not None, TESTS[1])

        findings = wait_for(lambda: app and find(app, pyatspi.ROLE_PANEL, "Findings"))
        report(findings is not None, TESTS[2])

        if subject is None or score is None or findings is None:
            for name in TESTS[3:]:
                report(False, name, "the widgets were not found")
            return

        before = score_value(score)
        text = "【本日限り】業界No.1の最安値セール"
        subject.queryEditableText().insertText(0, text, len(text.encode("utf-8")))
        after = wait_for(lambda: score_value(score) if score_value(score) != before else None)
        report(after is not None and after < 60,
               TESTS[3], f"score was {before}, then {after}: want a number below 60")

        rows = wait_for(lambda: count_findings(findings))
        report(bool(rows) and rows >= 2, TESTS[4], f"{rows} finding rows")

        checklist = wait_for(lambda: find(app, pyatspi.ROLE_LIST, "Getting Started Checklist"))
        report(checklist is not None, TESTS[5])
        names = wait_for(lambda: checklist and step_names(checklist)) or []
        # Free's steps; typing into the subject above scored a first message.
        report(len(names) >= 3
               and all(n.endswith(", done") or n.endswith(", to do") for n in names)
               and "Write and score a first message, done" in names
               and "Save a scoring to History, to do" in names,
               TESTS[6], f"rows {names}")
    finally:
        app_process.terminate()
        app_process.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


main()
sys.exit(0 if all(results) else 1)
