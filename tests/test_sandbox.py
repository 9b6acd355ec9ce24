"""Batch grading a class can trust (issue 19): each attack a hostile submission can make with a few
lines in a code cell, tried for real against the grader in its sandbox (bubblewrap, never mocked).

Every test here failed on the grader before the sandbox (run them against another copy of the
course with DNN_COURSE_UNDER_TEST=/path/to/that/course to see it). The grader runs as an installed
course would: a copy of testCases, dnn_utils and lr_utils on PYTHONPATH, in its own virtual
environment (whose site-packages links to this one's), with its own HOME, so that an attack that
gets through changes only these copies. Submissions are tiny notebook-00 answers (layer_dims_from_parameters).

Skipped with a reason when bwrap is missing, unless DNN_REQUIRE_SANDBOX is set (CI sets it); the
test of what happens without bwrap runs everywhere.
"""
import csv
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from sandbox_status import needs_bwrap

ROOT = Path(__file__).resolve().parents[1]
UNDER_TEST = Path(os.environ.get("DNN_COURSE_UNDER_TEST") or ROOT)

OK = "return [parameters['W1'].shape[1]] + [parameters[f'W{l}'].shape[0] for l in range(1, len(parameters) // 2 + 1)]"
WRONG = "return [parameters[f'W{l}'].shape[0] for l in range(1, len(parameters) // 2 + 1)]"   # n0 missing
# Runs at the start of every later Python that executes it: the course's Checker stops failing.
PATCH = ("import builtins; exec(\"import builtins, sys\\n_o = builtins.__import__\\ndef _w(*a, **k):\\n"
         " m = _o(*a, **k)\\n c = sys.modules.get('testCases._core')\\n"
         " if c is not None: c.Checker.fail = lambda self, *x, **y: None\\n return m\\n"
         "builtins.__import__ = _w\", {})")


# The installed course, the grader, the submissions

@pytest.fixture
def env(tmp_path_factory):
    """(python, environment, folder) of a course installed in a throw-away venv, one per test: an
    attack that gets through (on another grader) must not spoil the next test."""
    base = tmp_path_factory.mktemp("installed")
    course = base / "course"
    course.mkdir()
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("testCases", "dnn_utils", "lr_utils"):      # lr_utils: a package or a module
        if (UNDER_TEST / name).is_dir():
            shutil.copytree(UNDER_TEST / name, course / name, ignore=ignore)
    if (UNDER_TEST / "lr_utils.py").is_file():
        shutil.copy(UNDER_TEST / "lr_utils.py", course)
    if (UNDER_TEST / "datasets" / "SHA256SUMS").is_file():
        (course / "datasets").mkdir()
        shutil.copy(UNDER_TEST / "datasets" / "SHA256SUMS", course / "datasets")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import site; print(site.getsitepackages()[0])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "_dnn_test_link.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    home = base / "home"
    home.mkdir()
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER", "IPYTHON", "OPENBLAS", "OMP_"))}
    environ.update(PATH=f"{venv / 'bin'}:{environ.get('PATH', '/usr/bin:/bin')}", HOME=str(home),
                   PYTHONPATH=str(course), MPLBACKEND="Agg")
    return {"python": venv / "bin" / "python", "env": environ, "base": base, "course": course, "site": site,
            "home": home}


def run_grader(env, *args, timeout=300, extra_env=None):
    return subprocess.run([str(env["python"]), "-m", "testCases", "grade", *map(str, args)], cwd=env["base"],
                          env={**env["env"], **(extra_env or {})}, capture_output=True, text=True, timeout=timeout)


def fingerprint(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def submission(body=OK, before=(), after=()):
    """A notebook-00 submission: cells before, the layer_dims_from_parameters exercise, cells after, its check."""
    sol = new_code_cell(f"def layer_dims_from_parameters(parameters):\n    {body}\n", metadata={"nbgrader": {
        "grade_id": "layer_dims_from_parameters", "solution": True, "grade": False, "schema_version": 3}})
    check = new_code_cell("testCases.layer_dims_from_parameters_test(layer_dims_from_parameters)", metadata={"nbgrader": {
        "grade_id": "layer_dims_from_parameters_check", "grade": True, "solution": False, "points": 1, "schema_version": 3}})
    cells = [new_code_cell(c) for c in before] + [sol] + [new_code_cell(c) for c in after] + [check]
    return new_notebook(cells=[new_code_cell("import testCases")] + cells)


def write(folder, name, nb):
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(folder / name))
    return folder / name


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def result_of(table, stem):
    """The layer_dims_from_parameters result of a submission in a CSV."""
    return next(r["result"] for r in table if Path(r["notebook"]).stem == stem and r["exercise"] == "layer_dims_from_parameters")


def message_of(json_path, stem):
    data = json.loads(Path(json_path).read_text(encoding="utf-8"))
    return next(r["message"] for r in data if Path(r["notebook"]).stem == stem and r["exercise"] == "layer_dims_from_parameters")


def leftovers(marker):
    """Processes whose command line contains marker."""
    found = []
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            text = Path(cmdline).read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = Path(cmdline).with_name("stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if marker in text and str(os.getpid()) != cmdline.split("/")[2] and state != "Z":
            found.append(text)
    return found


# Attacks

def persist_cell(kind, grader_home):
    """A cell that plants a checker change, a .pth file or an IPython startup file."""
    if kind == "checker":
        return ("import testCases.forward_checks as fc\ntry:\n    with open(fc.__file__, 'a') as f:\n"
                "        f.write('\\nlayer_dims_from_parameters_test = lambda fn: None\\n')\nexcept OSError as e:\n"
                "    print('refused', e)")
    if kind == "pth":
        return (f"import os, site\nfor d in site.getsitepackages():\n    try:\n"
                f"        open(os.path.join(d, 'zz_evil.pth'), 'w').write({PATCH!r} + '\\n')\n"
                f"    except OSError as e:\n        print('refused', e)")
    return (f"import os\nfor home in {{os.path.expanduser('~'), {str(grader_home)!r}}}:\n"
            f"    d = os.path.join(home, '.ipython', 'profile_default', 'startup')\n    try:\n"
            f"        os.makedirs(d, exist_ok=True)\n        open(os.path.join(d, '00-evil.py'), 'w').write({PATCH!r})\n"
            f"    except OSError as e:\n        print('refused', e)")


@needs_bwrap
@pytest.mark.parametrize("kind", ["checker", "pth", "startup"])
def test_tampering_with_the_course_or_environment_reaches_no_later_submission(env, tmp_path, kind):
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    write(folder, "a_hostile.ipynb", submission(OK, before=[persist_cell(kind, env["home"])]))
    write(folder, "b_wrong.ipynb", submission(WRONG))
    course_before, site_before = fingerprint(env["course"]), fingerprint(env["site"])
    run = run_grader(env, folder, "--jobs", "1", "--csv", out / "g.csv")
    assert run.returncode in (0, 1), run.stderr
    assert result_of(rows(out / "g.csv"), "b_wrong") == "fail", run.stdout
    # nothing was planted: the course, site-packages and the grading user's HOME are as before
    assert fingerprint(env["course"]) == course_before
    assert fingerprint(env["site"]) == site_before
    assert not list(Path(env["home"]).rglob("00-evil.py"))
    # and a later run is not affected either
    again = run_grader(env, folder / "b_wrong.ipynb", "--csv", out / "again.csv")
    assert result_of(rows(out / "again.csv"), "b_wrong") == "fail", again.stdout + again.stderr


@needs_bwrap
def test_classmates_notebooks_can_be_neither_read_nor_rewritten(env, tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    wrong_text = nbformat.writes(submission(WRONG))
    attack = (f"import glob, os\nseen = set(glob.glob('*.ipynb') + glob.glob('../*.ipynb') + "
              f"glob.glob({str(folder)!r} + '/*.ipynb'))\nfor path in seen:\n    if 'victim' in path:\n"
              f"        try:\n            open(path, 'w').write({wrong_text!r})\n        except OSError:\n"
              f"            pass\nraise RuntimeError('seen: ' + ','.join(sorted(os.path.basename(p) for p in seen)))")
    nb = submission(OK)
    nb.cells[1].source = nb.cells[1].source + attack
    write(folder, "a_reader.ipynb", nb)
    victim = write(folder, "b_victim.ipynb", submission(OK))
    before = victim.read_bytes()
    run = run_grader(env, folder, "--jobs", "1", "--csv", out / "g.csv", "--json", out / "g.json")
    assert victim.read_bytes() == before
    assert result_of(rows(out / "g.csv"), "b_victim") == "pass", run.stdout + run.stderr
    seen = message_of(out / "g.json", "a_reader")
    assert "seen:" in seen and "b_victim" not in seen, seen     # it saw its own private copy only


SIBLING = """import glob, os, time
from ipykernel import get_connection_file
from jupyter_client import BlockingKernelClient
own, reached, clients = os.path.realpath(get_connection_file()), [], []
deadline = time.time() + 6
while time.time() < deadline and not reached:
    for cmdline in glob.glob('/proc/[0-9]*/cmdline'):
        pid = int(cmdline.split('/')[2])
        try:
            args = open(cmdline, 'rb').read().split(b'\\0')
        except OSError:
            continue
        if pid == os.getpid() or b'ipykernel_launcher' not in args or b'-f' not in args:
            continue
        other = os.path.realpath(args[args.index(b'-f') + 1].decode())
        if other == own:
            continue
        try:
            kc = BlockingKernelClient(connection_file=other)
            kc.load_connection_file()
            kc.start_channels()
            kc.execute('import builtins; builtins.len = lambda x: 0')
            clients.append(kc)
            reached.append(pid)
        except Exception:
            pass
    time.sleep(0.2)
time.sleep(1)
raise RuntimeError(f'reached {reached}')"""


@needs_bwrap
def test_with_two_jobs_the_sibling_kernel_cannot_be_reached(env, tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    nb = submission(OK)
    nb.cells[1].source += SIBLING
    write(folder, "a_sibling.ipynb", nb)
    write(folder, "b_slow.ipynb", submission(OK, before=["import time\ntime.sleep(5)"]))
    run = run_grader(env, folder, "--jobs", "2", "--csv", out / "g.csv", "--json", out / "g.json", "--timeout", "40")
    assert result_of(rows(out / "g.csv"), "b_slow") == "pass", run.stdout + run.stderr
    assert "reached []" in message_of(out / "g.json", "a_sibling")


def hostile(env, folder, marker, csv_path):
    """One submission with every attack above, plus a process in a new session that outlives the
    grader and edits the CSV afterwards."""
    outlive = (f"import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 2; echo \"{marker},=evil\" >> {csv_path}; "
               f"sleep 30 # {marker}'], start_new_session=True)")
    cells = [persist_cell(kind, env["home"]) for kind in ("checker", "pth", "startup")] + [outlive]
    nb = submission(OK, before=cells)
    nb.cells[-2].source += SIBLING
    return write(folder, "a_hostile.ipynb", nb)


@needs_bwrap
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_correct_classmate_beside_a_hostile_one_gets_what_it_gets_alone(env, tmp_path, jobs):
    marker = f"dnn-marker-{uuid.uuid4().hex}"
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    alone = write(tmp_path / "alone", "b_correct.ipynb", submission(OK, before=["import time\ntime.sleep(4)"]))
    run = run_grader(env, alone, "--csv", out / "alone.csv")
    expected = [(r["exercise"], r["result"], r["points"]) for r in rows(out / "alone.csv")]
    assert expected == [("layer_dims_from_parameters", "pass", "1")], run.stdout + run.stderr
    hostile(env, folder, marker, out / "g.csv")
    shutil.copy(alone, folder / "b_correct.ipynb")
    write(folder, "c_wrong.ipynb", submission(WRONG))
    course_before = fingerprint(env["course"])
    run = run_grader(env, folder, "--jobs", jobs, "--csv", out / "g.csv", "--timeout", "40")
    written = (out / "g.csv").read_text(encoding="utf-8")
    table = rows(out / "g.csv")
    got = [(r["exercise"], r["result"], r["points"]) for r in table if Path(r["notebook"]).stem == "b_correct"]
    assert got == expected, run.stdout + run.stderr
    assert result_of(table, "c_wrong") == "fail"
    assert fingerprint(env["course"]) == course_before
    time.sleep(4)       # the outliving process would have edited the CSV by now
    assert (out / "g.csv").read_text(encoding="utf-8") == written
    assert leftovers(marker) == [] and leftovers(str(env["base"])) == []


FORK = """import os, time
n = 0
for _ in range(300):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    n += 1
raise RuntimeError(f'forked {n}')"""


@needs_bwrap
def test_limits_processes_memory_file_size_and_blas_threads(env, tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    cases = {   # function bodies
        "fork": FORK,
        "memory": "x = bytearray(3 * 2**30)\nraise RuntimeError('allocated')",     # the default limit is 2 GB
        "file": "with open('big.bin', 'wb') as f:\n    f.write(b'0' * 300 * 2**20)\nraise RuntimeError('written')",
        "blas": "import os\nraise RuntimeError('threads ' + os.environ.get('OPENBLAS_NUM_THREADS', 'unset'))",
    }
    for name, body in cases.items():
        write(folder, f"{name}.ipynb", submission(body.replace("\n", "\n    ")))
    run = run_grader(env, folder, "--jobs", "2", "--json", out / "g.json", "--timeout", "60")
    assert run.returncode == 1, run.stderr
    forked = message_of(out / "g.json", "fork")
    assert int(re.search(r"forked (\d+)", forked)[1]) < 150, forked      # 300 without a process limit
    assert "MemoryError" in message_of(out / "g.json", "memory")
    assert "File too large" in message_of(out / "g.json", "file") or "OSError" in message_of(out / "g.json", "file")
    threads = max(1, (os.cpu_count() or 1) // 2)
    assert f"threads {threads}" in message_of(out / "g.json", "blas")
    assert leftovers(str(env["base"])) == []


@needs_bwrap
@pytest.mark.parametrize("mode", ["batch", "single --sandbox"])
def test_what_the_kernel_sees(env, tmp_path, mode):
    """Inside: no network, only its own processes, the course read-only, a private working folder
    with the notebook copy only, a throw-away HOME, none of the host's /tmp, the --memory limit."""
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    folder.mkdir()
    (folder / "notes.txt").write_text("a classmate's file")
    host_file = Path("/tmp") / f"dnn-probe-{uuid.uuid4().hex}.txt"
    host_file.write_text("the host's /tmp")
    probe = f"""import json, os, resource, socket, testCases
    facts = {{'pids': len([p for p in os.listdir('/proc') if p.isdigit()]), 'cwd': sorted(os.listdir('.')),
             'home': os.path.expanduser('~'), 'tmp': os.path.exists({str(host_file)!r}),
             'classmates': os.listdir({str(folder)!r}) if os.path.isdir({str(folder)!r}) else [],
             'memory': resource.getrlimit(resource.RLIMIT_AS)[0]}}
    try:
        socket.create_connection(('127.0.0.1', 22), timeout=2)
        facts['net'] = 'connected'
    except OSError as e:
        facts['net'] = type(e).__name__
    try:
        open(testCases.__file__, 'a').close()
        facts['course'] = 'writable'
    except OSError as e:
        facts['course'] = type(e).__name__
    raise RuntimeError('FACTS' + json.dumps(facts) + 'END')"""
    path = write(folder, "probe.ipynb", submission(probe))
    try:
        if mode == "batch":
            run_grader(env, path, "--json", out / "g.json", "--memory", "800M")
            text = message_of(out / "g.json", "probe")
        else:
            text = run_grader(env, path, "--sandbox", "--memory", "800M").stdout
    finally:
        host_file.unlink()
    facts = json.loads(text.split("FACTS", 1)[1].split("END", 1)[0])
    assert facts["pids"] <= 3 and facts["cwd"] == ["probe.ipynb"], facts
    assert facts["net"] != "connected" and facts["course"] != "writable", facts
    assert facts["tmp"] is False and facts["classmates"] == [], facts
    assert facts["home"].endswith("/home") and str(env["home"]) != facts["home"], facts
    assert facts["memory"] == 800 * 2**20, facts


# Points only from the course; results that cannot carry code

@needs_bwrap
def test_own_graded_cells_and_points_earn_nothing(env, tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    nb = submission(WRONG)
    nb.cells.append(new_code_cell("pass", metadata={"nbgrader": {"grade_id": "bonus", "grade": True,
                                                                 "solution": False, "points": 1000}}))
    write(folder, "a_bonus.ipynb", nb)
    alien = new_notebook(cells=[new_code_cell("pass", metadata={"nbgrader": {
        "grade_id": "my_own", "grade": True, "solution": False, "points": 1000}})])
    write(folder, "b_alien.ipynb", alien)
    run = run_grader(env, folder, "--csv", out / "g.csv")
    table = rows(out / "g.csv")
    points = {stem: sum(float(r["points"]) for r in table if Path(r["notebook"]).stem == stem)
              for stem in ("a_bonus", "b_alien")}
    assert points == {"a_bonus": 0, "b_alien": 0}, table
    assert [(r["exercise"], r["result"]) for r in table if Path(r["notebook"]).stem == "b_alien"] == [
        ("", "error"), ("my_own", "not-in-course")]
    assert {r["exercise"]: r["result"] for r in table if Path(r["notebook"]).stem == "a_bonus"} == {
        "layer_dims_from_parameters": "fail", "bonus": "not-in-course"}
    assert run.returncode == 1


@needs_bwrap
def test_formulas_and_markup_in_names_ids_and_hints_reach_no_output_raw(env, tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    forged = "@SUM(1+1)|<script>alert(1)</script>\\n| forged | row |\\x1b[2J"
    body = f"e = ValueError('=cmd|\\' /C calc\\'!A0 <img src=x onerror=alert(1)>')\n    e.hint_id = '{forged}'\n    raise e"
    nb = submission(body)
    nb.cells.append(new_code_cell("pass", metadata={"nbgrader": {"grade_id": "=HYPERLINK(\"http://evil\")",
                                                                 "grade": True, "solution": False, "points": 1}}))
    write(folder, '=HYPERLINK("http:evil")+<b>x<b>|.ipynb', nb)
    run = run_grader(env, folder, "--csv", out / "g.csv", "--report", out / "r.md", "--json", out / "g.json")
    assert run.returncode == 1, run.stderr
    assert "\x1b" not in run.stdout + run.stderr
    with open(out / "g.csv", encoding="utf-8") as f:
        cells = [c for row in list(csv.reader(f))[1:] for c in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    md = (out / "r.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<b>" not in md and "<img" not in md and "\x1b" not in md
    assert not [line for line in md.splitlines() if "forged" in line and not line.startswith("| ")]
    data = json.loads((out / "g.json").read_text(encoding="utf-8"))
    assert not [r for r in data if "\x1b" in json.dumps(r, ensure_ascii=False)]


def test_three_hundred_megabytes_printed_do_not_grow_the_graders_memory(env, tmp_path):
    nb = submission(OK, before=["import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(300 * 1024):\n"
                                "    sys.stdout.write(line)"])
    path = write(tmp_path, "loud.ipynb", nb)
    proc = subprocess.Popen([str(env["python"]), "-m", "testCases", "grade", str(path)],
                            cwd=env["base"], env=env["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, int(next(line for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                                      if line.startswith("VmHWM")).split()[1]))
        except (OSError, StopIteration):
            pass
        time.sleep(0.1)
    out, err = proc.communicate()
    assert peak < 200 * 1024, f"grader peak memory {peak // 1024} MB"     # about 900 MB when it kept all
    assert proc.returncode == 0, out + err
    assert "输出太长" in out and "truncated" in out


# Results that survive

@needs_bwrap
def test_ctrl_c_keeps_the_rows_already_graded(env, tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    write(folder, "a.ipynb", submission(OK))
    write(folder, "b.ipynb", submission(WRONG))
    write(folder, "c_slow.ipynb", submission(OK, before=["import time\ntime.sleep(300)"]))
    proc = subprocess.Popen([str(env["python"]), "-m", "testCases", "grade", str(folder), "--jobs", "1", "--csv",
                             str(out / "g.csv"), "--report", str(out / "r.html"), "--timeout", "600"],
                            cwd=env["base"], env=env["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (out / "g.csv").is_file() and {Path(r["notebook"]).stem for r in rows(out / "g.csv")} == {"a", "b"}:
            break
        time.sleep(0.2)
    time.sleep(2)       # c_slow is sleeping in its kernel now
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr
    assert {(Path(r["notebook"]).stem, r["result"]) for r in rows(out / "g.csv")} == {("a", "pass"), ("b", "fail")}
    assert (out / "r.html").is_file()
    time.sleep(1)
    assert leftovers(str(env["base"])) == []


def test_without_a_sandbox_every_output_says_so_and_a_course_change_is_loud(env, tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "out"
    out.mkdir()
    write(folder, "a_hostile.ipynb", submission(OK, before=[persist_cell("checker", env["home"])]))
    write(folder, "b_wrong.ipynb", submission(WRONG))
    run = run_grader(env, folder, "--no-sandbox", "--jobs", "1", "--csv", out / "g.csv", "--json", out / "g.json",
                     "--report", out / "r.html")
    assert run.returncode == 3, run.stdout + run.stderr
    assert "没有隔离" in run.stderr and "COURSE FILES CHANGED" in run.stderr
    table = rows(out / "g.csv")
    assert {r["isolation"] for r in table} == {"none"}
    assert [r["course_files"] for r in table if Path(r["notebook"]).stem == "b_wrong"] == ["CHANGED"]
    assert {r["isolation"] for r in json.loads((out / "g.json").read_text(encoding="utf-8"))} == {"none"}
    html = (out / "r.html").read_text(encoding="utf-8")
    assert "WITHOUT isolation" in html and "CHANGED" in html


def test_without_bubblewrap_batch_grading_stops_and_says_how_to_install_it(env, tmp_path):
    folder = tmp_path / "subs"
    write(folder, "a.ipynb", submission(OK))
    run = run_grader(env, folder, "--csv", tmp_path / "g.csv", extra_env={"PATH": str(Path(env["python"]).parent)})
    assert run.returncode == 2 and "apt-get install bubblewrap" in run.stderr and "--no-sandbox" in run.stderr
    assert not (tmp_path / "g.csv").exists()


@needs_bwrap
def test_a_killed_grader_leaves_no_sandbox_alive(env, tmp_path):
    """SIGKILL gives the grader no chance to clean up: bwrap --die-with-parent takes every sandbox
    (and everything in it) down with it."""
    folder = tmp_path / "subs"
    write(folder, "slow.ipynb", submission(OK, before=["import time\ntime.sleep(300)"]))
    proc = subprocess.Popen([str(env["python"]), "-m", "testCases", "grade", str(folder), "--csv",
                             str(tmp_path / "g.csv")], cwd=env["base"], env=env["env"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not [p for p in leftovers(str(env["base"])) if "ipykernel_launcher" in p] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert leftovers(str(env["base"])), "no kernel started"
    proc.kill()
    proc.wait()
    time.sleep(2)
    assert leftovers(str(env["base"])) == []
