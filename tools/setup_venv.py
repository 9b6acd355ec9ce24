"""Create the course's virtual environment and install requirements into it, fast when it can be.

    python3 tools/setup_venv.py [--venv .venv] [--installer auto|uv|pip] [-r requirements.txt ...]

`make` runs this (every target sets itself up through it). With --installer auto (the default) it
installs with uv: the uv already in the venv or on PATH, else `pip install uv` into the fresh venv,
then `uv pip install -r ... --python <venv>/bin/python`. Where uv cannot be installed or its install
fails, it installs with plain pip. Either way it ends with one line that says which path it took.
benchmarks/setup_time.py times both paths with the same function.
"""
import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def venv_python(venv):
    return Path(venv) / "bin" / "python"


def make_venv(venv, python=sys.executable):
    """Create venv with `python -m venv` unless it already has a working interpreter."""
    py = venv_python(venv)
    if py.exists() and subprocess.run([py, "-c", "pass"], capture_output=True).returncode == 0:
        return py
    done = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit("无法创建虚拟环境：请先安装 python3-venv (sudo apt install python3-venv)\n"
                         f"(python -m venv failed: {done.stderr.strip()[-500:]})")
    return py


def _quiet(cmd, cwd):
    """Run cmd; None on success, else the last lines of its output (the reason it failed)."""
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True)
    return None if done.returncode == 0 else (done.stdout + done.stderr).strip()[-1500:]


def find_uv(py, cwd):
    """uv in the venv, else on PATH, else installed into the venv by its pip. -> (path, None) or
    (None, why not)."""
    own = py.parent / "uv"
    if own.exists():
        return own, None
    if shutil.which("uv"):
        return Path(shutil.which("uv")), None
    failed = _quiet([py, "-m", "pip", "install", "--quiet", "uv"], cwd)
    return (own, None) if failed is None and own.exists() else (None, failed or "no uv after pip")


def _last_line(text):
    return text.strip().splitlines()[-1].strip() if text.strip() else ""


def install_with_uv(py, requirements, cwd):
    """None when uv installed everything, else why it could not (one line)."""
    uv, why = find_uv(py, cwd)
    if uv is None:
        return f"pip install uv 失败 (could not install uv: {_last_line(why)})"
    args = [a for r in requirements for a in ("-r", r)]
    failed = _quiet([uv, "pip", "install", "--quiet", *args, "--python", py], cwd)
    return None if failed is None else f"uv pip install 失败 (uv failed: {_last_line(failed)})"


def install_with_pip(py, requirements, cwd):
    """Plain pip; raises SystemExit with pip's own output when it fails."""
    args = [a for r in requirements for a in ("-r", r)]
    for cmd in ([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                [py, "-m", "pip", "install", "--quiet", *args]):
        failed = _quiet(cmd, cwd)
        if failed is not None:
            raise SystemExit(f"安装依赖失败 (pip install failed):\n{failed}")


def setup(venv, requirements, installer="auto", cwd=ROOT, python=sys.executable):
    """Make venv and install requirements. -> (path taken: "uv" or "pip", seconds, why not uv)."""
    start = time.perf_counter()
    py = make_venv(venv, python)
    why_not_uv = "--installer pip"
    if installer in ("auto", "uv"):
        why_not_uv = install_with_uv(py, requirements, cwd)
        if why_not_uv is None:
            return "uv", time.perf_counter() - start, None
        if installer == "uv":
            raise SystemExit(why_not_uv)
    install_with_pip(py, requirements, cwd)
    return "pip", time.perf_counter() - start, why_not_uv


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", default=".venv")
    parser.add_argument("--installer", choices=("auto", "uv", "pip"), default="auto")
    parser.add_argument("-r", dest="requirements", action="append",
                        help="requirements file (repeatable; default requirements.txt)")
    args = parser.parse_args(argv)
    print(f"准备虚拟环境 {args.venv} 并安装依赖 (setting up {args.venv})……", flush=True)
    path, seconds, why = setup(args.venv, args.requirements or ["requirements.txt"],
                               args.installer, cwd=Path.cwd())
    if path == "uv":
        print(f"环境已就绪：用 uv 安装，{seconds:.0f} 秒 (set up with uv in {seconds:.0f} s)")
    else:
        print(f"环境已就绪：用 pip 安装，{seconds:.0f} 秒 (set up with pip in {seconds:.0f} s); "
              f"没有用 uv：{why}")


if __name__ == "__main__":
    main()
