"""Which notebooks the browser test runs."""
import glob
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def notebook_paths():
    """notebooks/*.ipynb, or the globs/folders in DNN_BROWSER_NOTEBOOKS (os.pathsep-separated)."""
    spec = os.environ.get("DNN_BROWSER_NOTEBOOKS")
    if not spec:
        return sorted((ROOT / "notebooks").glob("*.ipynb"))
    paths = []
    for pattern in spec.split(os.pathsep):
        for match in sorted(glob.glob(pattern)):
            p = Path(match)
            paths += sorted(p.glob("*.ipynb")) if p.is_dir() else [p] if p.suffix == ".ipynb" else []
    return [p.resolve() for p in paths]
