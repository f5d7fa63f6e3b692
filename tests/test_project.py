"""Project checks: the training data validates cleanly, and setup explains
itself where Python 3.10 is missing."""

import os
import subprocess

from tests.paths import RASA, ROOT


def test_rasa_data_validate_is_clean():
    result = subprocess.run(
        [RASA, "data", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    problems = [
        line for line in output.splitlines() if "UserWarning" in line or " ERROR " in line or "is not used" in line
    ]
    assert not problems, "\n".join(problems)


def test_setup_names_what_to_install_without_python_310(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(ROOT / "scripts" / "find-python310")], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    if result.returncode == 0:  # this machine has a system-wide 3.10
        assert "3.10" in subprocess.run([result.stdout.strip(), "--version"], capture_output=True, text=True).stdout
        return
    assert result.returncode == 1
    assert "Python 3.10" in result.stderr and "install" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_setup_finds_the_python_310_of_this_machine():
    result = subprocess.run([str(ROOT / "scripts" / "find-python310")], capture_output=True, text=True)
    assert result.returncode == 0
    version = subprocess.run([result.stdout.strip(), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("Python 3.10")
