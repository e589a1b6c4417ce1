"""benchmarks/verify_history.py signs its approvals as `git commit -S` with an SSH key
would: git itself calls every approval commit good and listed (G) with the allowed
signers `dialog allowed-signers` prints, and `dialog verify` proves each by its signature."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import forkrun

PROJECT = Path(__file__).resolve().parents[1]


def test_the_benchmark_history_is_signed_as_git_signs(tmp_path, dialog_process):
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import verify_history

    root = tmp_path / "repo"
    keys = tmp_path / "keys"
    keys.mkdir()
    verify_history.build(root, approvals=9, commits=40, signer=verify_history.Signer(keys))
    signers = tmp_path / "allowed_signers"
    done = dialog_process("allowed-signers", "--root", str(root), "-o", str(signers))
    assert done.returncode == 0, done.stderr
    told = subprocess.run(
        ["git", "-c", f"gpg.ssh.allowedSignersFile={signers}", "log", "--format=%G? %ae"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    by_approver = [line.split()[0] for line in told if line.endswith(" vd@kommune.dk")]
    others = [line.split()[0] for line in told if line and not line.endswith(" vd@kommune.dk")]
    assert by_approver == ["G"] * 9
    assert set(others) == {"N"}
    done = forkrun.run(
        [sys.executable, "-m", "dialogmoder", "verify", "--root", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "DIALOG_SPROG": "en"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(": proven by a signature with their key SHA256:") == 9
