"""Setup time: a cold `make setup` with uv and with plain pip, in one run; ratio printed, nothing asserted.

    python3 benchmarks/setup_time.py [--requirements requirements.txt] [--empty-caches]

Each path runs tools/setup_venv.py's own setup() (what `make` runs) into a fresh temporary venv
with the same requirements: "uv" (pip install uv into the venv, then uv pip install) and "pip"
(upgrade pip, then pip install). Cold means a new venv; the download caches are the user's own
unless --empty-caches gives each path an empty one (then every package is fetched). The state of
each cache before the run is printed, since it decides most of the difference.
"""
import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import setup_venv  # noqa: E402


def _size(folder):
    """(files, bytes) below folder; (0, 0) when it does not exist."""
    files = [p for p in Path(folder).rglob("*") if p.is_file()] if Path(folder).is_dir() else []
    return len(files), sum(p.stat().st_size for p in files)


def _cache_line(name, folder):
    files, size = _size(folder)
    state = "empty or absent (cold)" if files == 0 else f"{files} files, {size / 2**20:.0f} MiB (warm)"
    return f"{name} cache {folder}: {state}"


def _pip_sources():
    """Where pip looks besides PyPI (pip config: find-links, extra index); uv reads none of it."""
    done = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True,
                          text=True)
    keys = ("index-url", "extra-index-url", "find-links")
    found = [line for line in done.stdout.splitlines() if line.split("=")[0].endswith(keys)]
    return "; ".join(found) or "PyPI only"


def caches(env):
    pip = env.get("PIP_CACHE_DIR") or Path.home() / ".cache" / "pip"
    uv = env.get("UV_CACHE_DIR") or Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "uv"
    return {"pip": Path(pip), "uv": Path(uv)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", default="requirements.txt")
    parser.add_argument("--empty-caches", action="store_true",
                        help="give each path an empty download cache (both fully cold)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="setup-time-") as tmp:
        if args.empty_caches:
            os.environ["PIP_CACHE_DIR"] = str(Path(tmp) / "pip-cache")
            os.environ["UV_CACHE_DIR"] = str(Path(tmp) / "uv-cache")
        for name, folder in caches(os.environ).items():
            print(_cache_line(name, folder))
        print(f"pip's other sources: {_pip_sources()}")
        print(f"requirements: {args.requirements}; Python {sys.version.split()[0]}; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        times = {}
        for installer in ("uv", "pip"):
            venv = Path(tmp) / f"venv-{installer}"
            _, times[installer], _ = setup_venv.setup(venv, [args.requirements], installer, cwd=ROOT)
            print(f"{installer:>3}: {times[installer]:6.1f} s from nothing to a working venv")
    print(f"uv / pip = {times['uv'] / times['pip']:.2f}")


if __name__ == "__main__":
    main()
