"""tools/setup_venv.py: uv when it can, pip when uv cannot be installed or fails, one line saying
which; driven with stand-ins for the installers (no network, no new venv)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import setup_venv  # noqa: E402


@pytest.fixture
def calls(monkeypatch, tmp_path):
    """Every command the installers would run, answered by `answers` (command word -> output or
    None for success); make_venv gives a python in tmp_path."""
    seen, answers = [], {}
    py = tmp_path / "venv" / "bin" / "python"
    py.parent.mkdir(parents=True)
    monkeypatch.setattr(setup_venv, "make_venv", lambda venv, python=None: py)
    monkeypatch.setattr(setup_venv.shutil, "which", lambda name: None)

    def quiet(cmd, cwd):
        words = [str(c) for c in cmd]
        seen.append(words)
        if words[1:4] == ["-m", "pip", "install"] and words[-1] == "uv" and "uv" not in answers:
            (py.parent / "uv").write_text("")  # pip put uv into the venv
        key = "uv" if words[-1] == "uv" else ("uv pip" if words[0].endswith("/uv") else "pip")
        return answers.get(key)

    monkeypatch.setattr(setup_venv, "_quiet", quiet)
    return seen, answers


def test_uv_is_installed_into_the_venv_and_used(calls, capsys):
    seen, _ = calls
    setup_venv.main(["--venv", "v", "-r", "requirements.txt"])
    assert seen[0][-1] == "uv" and seen[1][0].endswith("/uv") and seen[1][1:3] == ["pip", "install"]
    assert len(seen) == 2  # pip itself is never used
    assert "用 uv 安装" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.parametrize("fails, reason", [("uv", "could not install uv: no wheel for this platform"),
                                           ("uv pip", "uv failed: no wheel for this platform")])
def test_pip_takes_over_when_uv_cannot(calls, capsys, fails, reason):
    seen, answers = calls
    answers[fails] = "log line\nno wheel for this platform"
    setup_venv.main(["--venv", "v"])
    assert seen[-1][1:4] == ["-m", "pip", "install"] and seen[-1][-2:] == ["-r", "requirements.txt"]
    last = capsys.readouterr().out.splitlines()[-1]
    assert "用 pip 安装" in last and reason in last


def test_a_pip_failure_stops_with_pips_message(calls):
    _, answers = calls
    answers.update({"uv pip": "uv broke", "pip": "ERROR: No matching distribution for numpy"})
    with pytest.raises(SystemExit, match="No matching distribution"):
        setup_venv.main(["--venv", "v"])


def test_installer_pip_never_tries_uv(calls):
    seen, _ = calls
    assert setup_venv.setup("v", ["requirements.txt"], "pip")[0] == "pip"
    assert all("uv" not in " ".join(words) for words in seen)
