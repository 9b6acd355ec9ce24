"""lr_utils: loading the real data, where it is looked up, one message per kind of broken file,
and downloads from a local HTTP server (good, broken and unreachable mirrors).

Fault and download tests use copies of the real files when the dataset is available; otherwise
they build stand-in HDF5 files with the same layout and give the loader a Course whose checksums
and sizes are theirs, so they run (and cover the loader) on a machine without the data too. No
test changes a module global of lr_utils: settings are arguments or DNN_* variables.
"""
import errno
import hashlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

import lr_utils
from lr_utils import TEST, TRAIN

LFS_POINTER = (b"version https://git-lfs.github.com/spec/v1\n"
               b"oid sha256:fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242\n"
               b"size 2572022\n")
HTML_PAGE = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><title>datasets/train_catvnoncat.h5 at "
             b"master</title></head><body>GitHub file view</body></html>\n")


def _real_folder():
    """A folder with the verified course files, or None."""
    try:
        return lr_utils.ensure_dataset(download=False)
    except lr_utils.DatasetError:
        return None


def _write_standin(path, prefix, m, rng):
    with h5py.File(path, "w") as f:
        f[f"{prefix}_set_x"] = rng.integers(0, 256, size=(m, 64, 64, 3), dtype=np.uint8)
        f[f"{prefix}_set_y"] = rng.integers(0, 2, size=m).astype(np.int64)
        f["list_classes"] = np.array([b"non-cat", b"cat"], dtype="S7")


@pytest.fixture(scope="session")
def originals(tmp_path_factory):
    """(folder with both files, {name: sha256}, {name: size}, real?) — copies, never the source."""
    folder = tmp_path_factory.mktemp("originals")
    source = _real_folder()
    if source is not None:
        for name in lr_utils.FILES:
            shutil.copyfile(source / name, folder / name)
    else:
        rng = np.random.default_rng(0)
        _write_standin(folder / TRAIN, "train", 209, rng)
        _write_standin(folder / TEST, "test", 50, rng)
    hashes = {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in lr_utils.FILES}
    sizes = {n: (folder / n).stat().st_size for n in lr_utils.FILES}
    return folder, hashes, sizes, source is not None


@pytest.fixture(autouse=True)
def isolated(monkeypatch, originals):
    """No DNN_* variables but a mirror that refuses connections, so nothing reaches the real
    mirrors. Session fixtures (cat_data, originals) are built before this."""
    for var in ("DNN_DATASETS", "DNN_NO_DOWNLOAD", "DNN_DOWNLOAD_DEADLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DNN_MIRRORS", "http://127.0.0.1:9/unused/{name}")


def _course(originals, folder, **fields):
    """This clone with default folder `folder`; stand-in files bring their checksums and sizes."""
    _, hashes, sizes, real = originals
    if not real:
        sums = folder.parent / "stand-in_SHA256SUMS"
        sums.write_text("".join(f"{h}  {n}\n" for n, h in hashes.items()))
        fields = {"sums_file": sums, "sizes": dict(sizes), **fields}
    return lr_utils.Course(default_dir=folder, **fields)


@pytest.fixture
def course(originals, tmp_path):
    """The loader's view of this clone, with an empty default folder of its own."""
    return _course(originals, tmp_path / "module_datasets")


def _good_copy(originals, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for name in lr_utils.FILES:
        shutil.copyfile(originals[0] / name, folder / name)
    return folder


# the real data

def test_real_dataset_matches_the_course(cat_data):
    train_x, train_y, test_x, test_y, classes = cat_data
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert train_y.dtype == np.int64 and test_y.dtype == np.int64
    assert (np.sum(train_y == 0), np.sum(train_y == 1)) == (137, 72)
    assert (np.sum(test_y == 0), np.sum(test_y == 1)) == (17, 33)
    assert train_y[0, :20].tolist() == [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1]
    assert train_y[0, 7] == 1 and train_y[0, 25] == 1 and train_y[0, 10] == 0
    assert classes.tolist() == [b"non-cat", b"cat"]


def test_repo_checksums_are_the_reference_ones():
    sums = Path(lr_utils.__file__).parent.parent / "datasets" / "SHA256SUMS"
    lines = sums.read_text().split("\n")
    assert "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242  " + TRAIN in lines
    assert "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951  " + TEST in lines


# where the files are looked up

@pytest.fixture
def three_folders(originals, tmp_path, monkeypatch):
    """arg/ holds good files, env/ LFS pointers, default/ web pages: the error names the winner."""
    arg = _good_copy(originals, tmp_path / "arg")
    env, default = tmp_path / "env", tmp_path / "default"
    for folder, content in ((env, LFS_POINTER), (default, HTML_PAGE)):
        folder.mkdir()
        for name in lr_utils.FILES:
            (folder / name).write_bytes(content)
    monkeypatch.setenv("DNN_DATASETS", str(env))
    return arg, env, default, _course(originals, default)


def test_argument_beats_environment(three_folders):
    arg, _, _, course = three_folders
    train_x, *_ = lr_utils.load_dataset(arg, download=False, course=course)
    assert train_x.shape == (209, 64, 64, 3)
    assert lr_utils.dataset_dir(arg, course=course) == arg


def test_environment_beats_module_folder(three_folders):
    _, env, _, course = three_folders
    with pytest.raises(lr_utils.DatasetLFSPointer, match="Git-LFS") as err:
        lr_utils.load_dataset(download=False, course=course)
    assert str(env) in str(err.value)


def test_module_folder_is_the_last_resort(three_folders, monkeypatch):
    _, _, default, course = three_folders
    monkeypatch.delenv("DNN_DATASETS")
    with pytest.raises(lr_utils.DatasetHTML) as err:
        lr_utils.load_dataset(download=False, course=course)
    assert str(default) in str(err.value)


def test_current_directory_is_never_used(originals, tmp_path, monkeypatch, course):
    here = _good_copy(originals, tmp_path / "cwd")
    monkeypatch.chdir(here)
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(download=False, course=course)
    message = str(err.value)
    assert str(course.default_dir) in message
    assert "从不在当前目录里找" in message and str(here) in message  # and says how to use them
    # the default folder is where `python -m lr_utils` and `make data` download to: no argument
    assert "运行 `python -m lr_utils`（或 `make data`）：自动下载到" in message
    monkeypatch.setenv("DNN_DATASETS", ".")  # an explicit relative folder is the learner's choice
    assert lr_utils.load_dataset(download=False, course=course)[1].shape == (1, 209)


def test_a_file_instead_of_a_folder(originals, course):
    with pytest.raises(lr_utils.DatasetMissing, match="应该是文件夹"):
        lr_utils.load_dataset(originals[0] / TRAIN, course=course)


# one message per kind of broken file

def _resaved(src, dst, labels_as_column=False, keep_classes=True):
    with h5py.File(src, "r") as f:
        data = {key: f[key][()] for key in f}
    with h5py.File(dst, "w") as f:
        for key, value in data.items():
            if key.endswith("_y") and labels_as_column:
                value = value.reshape(-1, 1)
            if key == "list_classes" and not keep_classes:
                continue
            f.create_dataset(key, data=value, compression="gzip" if value.ndim == 4 else None)


def _truncate(src, dst):
    dst.write_bytes(src.read_bytes()[: src.stat().st_size // 2])


def _scramble_header(src, dst):
    data = bytearray(src.read_bytes())
    data[8:4096] = bytes(4088)  # keep the signature, wipe superblock and root group
    dst.write_bytes(bytes(data))


FAULTS = {
    "lfs": (lambda src, dst: dst.write_bytes(LFS_POINTER), lr_utils.DatasetLFSPointer,
            ["Git-LFS", "git lfs pull", "python -m lr_utils", "130"]),
    "html": (lambda src, dst: dst.write_bytes(HTML_PAGE), lr_utils.DatasetHTML,
             ["网页", "HTML", "Download raw file"]),
    "png": (lambda src, dst: dst.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100)),
            lr_utils.DatasetNotHDF5, ["file signature not found", "PNG"]),
    "empty": (lambda src, dst: dst.write_bytes(b""), lr_utils.DatasetTruncated,
              ["空的", "0 字节"]),
    "truncated": (_truncate, lr_utils.DatasetTruncated,
                  ["truncated", "h5py 的报错", "{half:,} 字节 (bytes)，原文件是 {size:,} 字节"]),
    "corrupt": (_scramble_header, lr_utils.DatasetUnreadable, ["corrupt HDF5", "h5py 的报错"]),
    "column_labels": (lambda src, dst: _resaved(src, dst, labels_as_column=True,
                                                keep_classes=False),
                      lr_utils.DatasetWrongLayout,
                      ["train_set_y 的形状是 (209, 1)，应为 (209,)", "缺少 list_classes",
                       "re-saved"]),
    "resaved": (_resaved, lr_utils.DatasetHashMismatch,
                ["SHA-256", "{sha}", "h5py.File"]),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_has_its_own_error(fault, originals, tmp_path, course):
    make, cls, fragments = FAULTS[fault]
    folder = _good_copy(originals, tmp_path / "data")
    make(originals[0] / TRAIN, folder / TRAIN)
    with pytest.raises(lr_utils.DatasetError) as err:
        lr_utils.load_dataset(folder, course=course)  # a bad file is reported, not replaced
    assert type(err.value) is cls
    size = course.sizes[TRAIN]
    message = str(err.value)
    for fragment in fragments:
        fragment = fragment.format(half=size // 2, size=size, sha=originals[1][TRAIN])
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert str(folder / TRAIN) in message and "怎么办" in message
    assert sorted(os.listdir(folder)) == [TEST, TRAIN]


def test_the_test_file_is_checked_too(originals, tmp_path, course):
    folder = _good_copy(originals, tmp_path / "data")
    (folder / TEST).write_bytes(LFS_POINTER)
    with pytest.raises(lr_utils.DatasetLFSPointer, match=TEST):
        lr_utils.load_dataset(folder, course=course)


@pytest.mark.parametrize("how, fragment", [("argument", "download=False"),
                                           ("environment", "DNN_NO_DOWNLOAD")])
def test_missing_without_downloads(how, fragment, tmp_path, monkeypatch, course):
    folder = tmp_path / "empty"
    folder.mkdir()
    if how == "environment":
        monkeypatch.setenv("DNN_NO_DOWNLOAD", "1")
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(folder, download=False if how == "argument" else None, course=course)
    message = str(err.value)
    for part in (fragment, str(folder), TRAIN, TEST, "DNN_DATASETS"):
        assert part in message
    # a folder that is not the default one: the command that fills it names it
    assert f"运行 `python -m lr_utils {folder}`：自动下载到 {folder}" in message, message
    assert os.listdir(folder) == []


def test_missing_checksum_file(tmp_path, originals):
    course = lr_utils.Course(sums_file=tmp_path / "nowhere" / "SHA256SUMS")
    with pytest.raises(lr_utils.DatasetError, match="git checkout -- datasets/SHA256SUMS"):
        lr_utils.load_dataset(originals[0], course=course)


# downloads from a local server

DRIP_SECONDS = 20  # a drip mirror gives up after this, so a loader that ignores the deadline fails


class _Handler(http.server.BaseHTTPRequestHandler):
    files = {}  # "/kind/name" -> bytes
    release = threading.Event()  # /hold mirrors send the second half of a file once this is set

    def do_GET(self):
        kind = self.path.split("/")[1]
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        if kind == "slow":
            time.sleep(1.5)  # longer than the timeout the tests pass
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if kind == "drip":  # one byte a second: every receive is quick, the whole is endless
                for byte in body[:DRIP_SECONDS]:
                    self.wfile.write(bytes([byte]))
                    time.sleep(1)
                return
            if kind == "stall":  # a few bytes a second, then silence: the timeout must shrink
                for byte in body[:3]:
                    self.wfile.write(bytes([byte]))
                    time.sleep(1)
                self.release.wait(60)
                return
            if kind == "hold":
                self.wfile.write(body[: len(body) // 2])
                self.release.wait(60)
                body = body[len(body) // 2:]
            self.wfile.write(body[:1000] if kind == "cut" else body)
        except OSError:  # the client gave up (timeout): nothing to do
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(originals):
    """Base URL of a local mirror: /good, /trunc, /lfs, /html, /cut (connection drops), /big
    (too long), /slow (answers after 1.5 s), /drip (one byte a second), /stall (three bytes in
    three seconds, then silence), /hold (half the file, the rest once _Handler.release is set),
    /trainonly; anything else is 404."""
    folder = originals[0]
    for name in lr_utils.FILES:
        data = (folder / name).read_bytes()
        variants = {"good": data, "trunc": data[: len(data) // 2], "lfs": LFS_POINTER,
                    "html": HTML_PAGE, "cut": data, "big": data + bytes(10), "slow": data,
                    "drip": data, "stall": data, "hold": data}
        _Handler.files.update({f"/{kind}/{name}": body for kind, body in variants.items()})
    _Handler.files[f"/trainonly/{TRAIN}"] = (folder / TRAIN).read_bytes()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_download_good_mirror(server, tmp_path, originals, course):
    target = tmp_path / "target"
    target.mkdir()
    log = []
    folder = lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"], report=log.append,
                                     course=course)
    assert folder == target and sorted(os.listdir(target)) == [TEST, TRAIN]
    for name in lr_utils.FILES:
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == originals[1][name]
    assert any("已下载并通过校验" in line for line in log)
    assert lr_utils.load_dataset(target, download=False, course=course)[3].shape == (1, 50)


def test_download_into_module_folder_via_DNN_MIRRORS(server, monkeypatch, course):
    monkeypatch.setenv("DNN_MIRRORS", f"{server}/nothing-here {server}/good")  # base URLs
    lr_utils.load_dataset(course=course)
    assert sorted(os.listdir(course.default_dir)) == [TEST, TRAIN]


def test_only_missing_files_are_downloaded(server, tmp_path, originals, course):
    target = tmp_path / "target"
    target.mkdir()
    shutil.copyfile(originals[0] / TEST, target / TEST)
    log = []
    lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"], report=log.append,
                            course=course)
    assert [line for line in log if line.startswith("下载")] == [
        f"下载 (download) {TRAIN} ← {server}/good/{TRAIN}"]


def test_bad_mirrors_fall_through_to_a_good_one(server, tmp_path, course):
    target = tmp_path / "target"
    target.mkdir()
    kinds = ["missing", "lfs", "html", "trunc", "good"]
    log = []
    lr_utils.ensure_dataset(target, mirrors=[f"{server}/{k}/{{name}}" for k in kinds],
                            report=log.append, course=course)
    assert sorted(os.listdir(target)) == [TEST, TRAIN]
    tried = [line.rsplit("/", 2)[1] for line in log if line.startswith("下载") and TRAIN in line]
    assert tried == kinds


def test_all_mirrors_bad(server, tmp_path, closed_port, course):
    target = tmp_path / "target"
    target.mkdir()
    expected = {  # mirror -> its problem, as listed in the message
        f"http://127.0.0.1:{closed_port}/x/{{name}}": "network error",
        f"{server}/missing/{{name}}": "HTTP 404",
        f"{server}/lfs/{{name}}": "Git-LFS pointer file",
        f"{server}/html/{{name}}": "HTML web page",
        f"{server}/trunc/{{name}}": "truncated:",
        f"{server}/cut/{{name}}": "connection closed early",
        f"{server}/big/{{name}}": "larger than the expected",
        f"{server}/slow/{{name}}": "timed out after 0.5 s",
    }
    started = time.monotonic()
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(target, mirrors=list(expected), timeout=0.5, course=course)
    assert time.monotonic() - started < 5
    message = str(err.value)
    for mirror, problem in expected.items():
        url = mirror.replace("{name}", TRAIN)
        assert f"- {url}\n        {problem}" in message, f"{url} / {problem} not in:\n{message}"
    assert "自动下载失败" in message and "怎么办" in message
    assert os.listdir(target) == []  # no file, no *.part left behind


def test_a_file_that_fails_keeps_the_one_that_worked(server, tmp_path, course):
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(target, mirrors=[server + "/trainonly/{name}"], course=course)
    assert str(err.value).splitlines()[0] == f"找不到数据集 (dataset not found)：{TEST}"
    assert os.listdir(target) == [TRAIN]  # verified, so it stays; nothing else left behind


def test_empty_mirror_list(tmp_path, course):
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(lr_utils.DatasetMissing, match="no mirror to download from"):
        lr_utils.load_dataset(target, mirrors=[], course=course)
    assert os.listdir(target) == []


def test_interrupted_download_leaves_nothing(server, tmp_path, course):
    def interrupt_when_a_part_is_written(line):
        if "%" in line:  # progress: the part file holds data now
            assert [p.endswith(".part") for p in os.listdir(target)] == [True]
            raise KeyboardInterrupt

    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(KeyboardInterrupt):
        lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"],
                                report=interrupt_when_a_part_is_written, course=course)
    assert os.listdir(target) == []


def test_named_folder_that_does_not_exist_is_not_created(server, tmp_path, course):
    target = tmp_path / "typo"
    with pytest.raises(lr_utils.DatasetMissing, match="folder does not exist"):
        lr_utils.load_dataset(target, mirrors=[server + "/good/{name}"], course=course)
    assert not target.exists()


# status helper and `python -m lr_utils`

def test_dataset_status(originals, tmp_path, course):
    assert lr_utils.dataset_status(originals[0], course=course) == f"✓ 数据集就绪: {originals[0]}"
    status = lr_utils.dataset_status(tmp_path, course=course)
    assert status.startswith("✗ 数据集还不能用") and "python -m lr_utils" in status


def test_main_ready_and_failing(originals, tmp_path, capsys, course):
    assert lr_utils.main([str(originals[0])], course=course) == 0
    assert capsys.readouterr().out.strip() == f"✓ 数据集就绪: {originals[0]}"
    (tmp_path / TRAIN).write_bytes(HTML_PAGE)
    assert lr_utils.main([str(tmp_path)], course=course) == 1
    assert "网页" in capsys.readouterr().err


def test_main_help_names_the_settings(capsys):
    assert lr_utils.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "python -m lr_utils [-h] [FOLDER]" in out
    for var in ("DNN_DATASETS", "DNN_NO_DOWNLOAD", "DNN_MIRRORS", "DNN_DOWNLOAD_DEADLINE"):
        assert var in out
    assert lr_utils.main(["a", "b"]) == 2  # a usage error, explained by argparse
    assert "unrecognized arguments" in capsys.readouterr().err


def test_python_m_lr_utils(tmp_path):
    env = {**os.environ, "DNN_DATASETS": str(tmp_path), "DNN_NO_DOWNLOAD": "1"}
    done = subprocess.run([sys.executable, "-m", "lr_utils"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "找不到数据集" in done.stderr and "DNN_NO_DOWNLOAD" in done.stderr


# robustness (issue 12): every failure is a DatasetError with its own message, never a traceback

def test_empty_path_argument(capsys, course):
    assert lr_utils.main([""], course=course) == 1
    assert "空字符串 (empty path)" in capsys.readouterr().err
    with pytest.raises(lr_utils.DatasetMissing, match="empty path"):
        lr_utils.load_dataset("", course=course)


def test_malformed_checksum_file(tmp_path, originals):
    sums = tmp_path / "bad_SHA256SUMS"
    sums.write_text("this is not a checksum line at all\n")
    course = lr_utils.Course(sums_file=sums)
    with pytest.raises(lr_utils.DatasetError, match="malformed SHA256SUMS line 1"):
        lr_utils.load_dataset(originals[0], course=course)
    assert "✗" in lr_utils.dataset_status(originals[0], course=course)


def test_directory_where_a_file_should_be(tmp_path, capsys, course):
    (tmp_path / TRAIN).mkdir()
    with pytest.raises(lr_utils.DatasetNotHDF5, match="a directory stands where the file should be"):
        lr_utils.load_dataset(tmp_path, download=False, course=course)
    assert lr_utils.main([str(tmp_path)], course=course) == 1
    assert "是一个文件夹" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_a_dataset_error(originals, tmp_path, course):
    folder = _good_copy(originals, tmp_path / "perm")
    (folder / TRAIN).chmod(0)
    with pytest.raises(lr_utils.DatasetUnreadable, match="permission denied"):
        lr_utils.load_dataset(folder, download=False, course=course)


def test_oserror_reading_a_file_is_a_dataset_error(originals, tmp_path, monkeypatch, course):
    """PermissionError (also as root, simulated) and other OSErrors get their own messages."""
    folder = _good_copy(originals, tmp_path / "os")
    real_open = open

    def failing_open(path, *args, **kwargs):
        if str(path).endswith(TRAIN):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(lr_utils.DatasetUnreadable, match="permission denied"):
        lr_utils.ensure_dataset(folder, download=False, course=course)
    assert lr_utils.dataset_status(folder, course=course).startswith("✗")


def test_oserror_on_the_folder_is_a_dataset_error(tmp_path, monkeypatch, course):
    def broken(self, *args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "is_file", broken)
    with pytest.raises(lr_utils.DatasetUnreadable, match="Input/output error"):
        lr_utils.ensure_dataset(tmp_path, download=False, course=course)
    assert lr_utils.dataset_status(tmp_path, course=course).startswith("✗")


def test_dataset_status_never_raises(course):
    # Path(123) raises TypeError inside the loader: not a DatasetError, still a status line
    assert "TypeError" in lr_utils.dataset_status(123, course=course)


def _age(path, seconds=3600):
    """Make path look as if it was last written `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_stale_part_files_are_removed(server, tmp_path, course):
    target = tmp_path / "target"
    target.mkdir()
    stale = target / (TRAIN + ".abc123.part")
    stale.write_bytes(b"half a file")
    _age(stale)
    lr_utils.load_dataset(target, mirrors=[server + "/good/{name}"], course=course)
    assert sorted(os.listdir(target)) == [TEST, TRAIN]


def test_download_shows_progress(server, tmp_path, course):
    target = tmp_path / "target"
    target.mkdir()
    lines = []
    lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"], report=lines.append,
                            course=course)
    assert any("100%" in line for line in lines), lines


def test_download_has_an_overall_deadline(server, tmp_path, monkeypatch, course):
    monkeypatch.setenv("DNN_DOWNLOAD_DEADLINE", "0.000001")  # read at call time
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(lr_utils.DatasetMissing, match="deadline of 1e-06 s passed"):
        lr_utils.load_dataset(target, mirrors=[server + "/good/{name}"], course=course)
    assert os.listdir(target) == []


@pytest.mark.parametrize("kind, how", [("drip", "argument"), ("drip", "environment"),
                                       ("stall", "argument")])
def test_deadline_against_a_slow_mirror(kind, how, server, tmp_path, monkeypatch, course):
    """drip: one byte a second keeps every receive under the 30 s timeout; stall: silence after
    3 s, when a receive that waits as long as at the start (3 s) would overrun. The 3 s deadline
    holds against both."""
    monkeypatch.setattr(_Handler, "release", threading.Event())
    if how == "environment":
        monkeypatch.setenv("DNN_DOWNLOAD_DEADLINE", "3")
    target = tmp_path / "target"
    target.mkdir()
    started = time.monotonic()
    try:
        with pytest.raises(lr_utils.DatasetMissing) as err:
            lr_utils.load_dataset(target, mirrors=[f"{server}/{kind}/{{name}}", server + "/good/{name}"],
                                  deadline=3 if how == "argument" else None, course=course)
    finally:
        _Handler.release.set()
    took = time.monotonic() - started
    assert 3 <= took < 3 + 1.5, took
    message = str(err.value)
    assert f"- {server}/{kind}/{TRAIN}\n        overall deadline of 3 s passed (" in message, message
    assert f"- {server}/good/{TRAIN}\n        not tried: the overall deadline of 3 s passed" in message
    assert os.listdir(target) == []


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf", " "])
def test_invalid_deadline_is_explained(value, server, tmp_path, monkeypatch, originals, course):
    monkeypatch.setenv("DNN_DOWNLOAD_DEADLINE", value)
    target = tmp_path / "target"
    target.mkdir()
    if not value.strip():  # empty: the default
        lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"], course=course)
        return
    with pytest.raises(lr_utils.DatasetError) as err:
        lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"], course=course)
    message = str(err.value)
    assert f"环境变量 DNN_DOWNLOAD_DEADLINE (environment variable) 的值 {value!r}" in message
    assert "invalid DNN_DOWNLOAD_DEADLINE" in message and "export DNN_DOWNLOAD_DEADLINE=600" in message
    assert os.listdir(target) == []
    # read only when something must be downloaded: a complete folder loads, status stays quiet
    assert lr_utils.load_dataset(originals[0], course=course)[1].shape == (1, 209)
    assert lr_utils.dataset_status(target, course=course).startswith("✗ 数据集还不能用")


@pytest.mark.parametrize("option, value", [("deadline", 0), ("deadline", "soon"),
                                           ("timeout", -1), ("deadline", True)])
def test_invalid_arguments_are_explained(option, value, tmp_path, course):
    with pytest.raises(lr_utils.DatasetError, match=f"参数 {option} \\(argument\\) 的值"):
        lr_utils.ensure_dataset(tmp_path, **{option: value}, course=course)


# several processes downloading into one folder

_DOWNLOADER = """
import json, sys
from pathlib import Path
import lr_utils
folder, sums, sizes = json.loads(sys.argv[1])
course = lr_utils.Course(sums_file=sums and Path(sums), sizes=sizes or dict(lr_utils.SIZES))
sys.exit(lr_utils.main([folder], course=course))
"""


def _start_downloader(folder, course, mirror):
    """`python -m lr_utils folder` in a new process, with course's checksums and sizes."""
    config = json.dumps([str(folder), course.sums_file and str(course.sums_file), course.sizes])
    env = {**os.environ, "DNN_MIRRORS": mirror}
    return subprocess.Popen([sys.executable, "-c", _DOWNLOADER, config], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_until_still(path, quiet=0.5, timeout=60):
    """Wait until the file at path has data and has not grown for `quiet` seconds."""
    started, size, since = time.monotonic(), -1, time.monotonic()
    while time.monotonic() - started < timeout:
        now = path.stat().st_size
        if now != size:
            size, since = now, time.monotonic()
        elif size > 0 and time.monotonic() - since >= quiet:
            return size
        time.sleep(0.05)
    raise AssertionError(f"{path} kept changing or stayed empty")


def _wait_for_parts(folder, count, timeout=60):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        parts = sorted(folder.glob("*.part"))
        if len(parts) >= count:
            return parts
        time.sleep(0.05)
    raise AssertionError(f"no {count} part files in {folder}: {os.listdir(folder)}")


def test_two_processes_download_into_one_folder(server, tmp_path, originals, course, monkeypatch):
    """The second process starts while the first is half-way, its part file long untouched: the
    second's clean-up must leave that live part alone, and both must end with verified files."""
    monkeypatch.setattr(_Handler, "release", threading.Event())
    target = tmp_path / "target"
    target.mkdir()
    first = _start_downloader(target, course, server + "/hold/{name}")
    try:
        (live,) = _wait_for_parts(target, 1)
        assert _wait_until_still(live) >= course.sizes[TRAIN] // 2 - 16 * 1024  # the first half
        _age(live)  # as old as any abandoned part: only its lock says it is alive
        second = _start_downloader(target, course, server + "/hold/{name}")
        try:
            parts = _wait_for_parts(target, 2)
            assert live in parts  # the second process did not delete it
        finally:
            _Handler.release.set()
            results = [p.communicate(timeout=120) + (p.returncode,) for p in (first, second)]
    finally:
        _Handler.release.set()
        first.kill()
    for out, err, code in results:
        assert code == 0, out + err
        assert f"✓ 数据集就绪: {target}" in out
    assert sorted(os.listdir(target)) == [TEST, TRAIN]
    for name in lr_utils.FILES:
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == originals[1][name]


def test_stale_part_of_a_dead_process_is_removed_but_not_a_live_one(tmp_path):
    import fcntl

    from lr_utils.download import remove_stale_parts
    live, dead, young = (tmp_path / f"{TRAIN}.{tag}.part" for tag in ("live", "dead", "young"))
    for part in (live, dead, young):
        part.write_bytes(b"partial")
    _age(live)
    _age(dead)
    with open(live, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a live download does
        remove_stale_parts(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, young.name])


# `python -m lr_utils FOLDER` on a new server (issue 20, item 4)

def test_command_line_creates_the_folder_and_its_parents(server, tmp_path, capsys, monkeypatch,
                                                         course):
    monkeypatch.setenv("DNN_MIRRORS", server + "/good/{name}")
    folder = tmp_path / "srv" / "dnn-course" / "datasets"
    assert lr_utils.main([str(folder)], course=course) == 0
    out = capsys.readouterr().out
    assert f"已创建文件夹 (created folder)：{folder}" in out and f"✓ 数据集就绪: {folder}" in out
    assert sorted(os.listdir(folder)) == [TEST, TRAIN]
    monkeypatch.setenv("DNN_NO_DOWNLOAD", "1")  # checking only: nothing is created
    assert lr_utils.main([str(tmp_path / "elsewhere")], course=course) == 1
    assert not (tmp_path / "elsewhere").exists()


def _without_write_permission(folder, course, mirror):
    """`python -m lr_utils folder` as a process that cannot write where it is not the owner:
    root without its capabilities (setpriv), or the current user when it is not root."""
    config = json.dumps([str(folder), course.sums_file and str(course.sums_file), course.sizes])
    command = [sys.executable, "-c", _DOWNLOADER, config]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv to drop the capabilities")
        command = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"] + command
    return subprocess.run(command, env={**os.environ, "DNN_MIRRORS": mirror}, text=True,
                          capture_output=True, timeout=120)


@pytest.fixture
def foreign(tmp_path):
    """A folder the test process cannot write into: owned by nobody as root, else read-only."""
    folder = tmp_path / "srv"
    folder.mkdir()
    if os.geteuid() == 0:
        os.chown(folder, 65534, -1)
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_folder_that_cannot_be_created_says_who_must_create_it(server, foreign, course):
    folder = foreign / "dnn-course" / "datasets"
    done = _without_write_permission(folder, course, server + "/good/{name}")
    assert done.returncode == 1, done.stdout + done.stderr
    message = done.stderr
    assert "没有写权限 (permission denied)" in message, message
    assert f"sudo mkdir -p {folder}\n" in message and "sudo chown " in message
    assert f"-m lr_utils {folder}" in message and "DNN_DATASETS" in message
    # not the wrong fixes: the folder name is right and the network is not the problem
    assert "检查路径的拼写" not in message and "联网" not in message
    assert not folder.exists()


def test_folder_that_cannot_be_written_names_its_owner(server, foreign, course):
    foreign.chmod(0o755)  # exists, readable, but not ours to write in
    done = _without_write_permission(foreign, course, server + "/good/{name}")
    assert done.returncode == 1, done.stdout + done.stderr
    message = done.stderr
    assert "没有写权限 (permission denied)" in message, message
    if os.geteuid() == 0:  # the folder belongs to nobody: download as nobody, or hand it over
        assert "文件夹的主人 nobody" in message and f"sudo -u nobody {sys.executable} -m lr_utils " \
            f"{foreign}\n" in message and "请 nobody 把它们放进这个文件夹" in message
    assert "sudo chown " in message and "sudo mkdir" not in message
    assert "联网" not in message and os.listdir(foreign) == []


def test_not_writable_message_for_each_kind_of_error(tmp_path, monkeypatch, course):
    """Permission and read-only file systems get the ownership advice; the class is a
    DatasetMissing, so code that catches that still works."""
    def refuse(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.ensure_dataset(tmp_path / "new", create=True, course=course)
    assert type(err.value) is lr_utils.DatasetNotWritable
    assert "只读文件系统 (read-only file system)" in str(err.value)


# the per-user cache folder of an installed course (platformdirs)

def test_user_cache_folder_on_each_system(tmp_path, monkeypatch):
    import platformdirs.windows

    from lr_utils.locate import user_cache_dir
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir("linux") == (tmp_path / "xdg" / "dnn-course", "$XDG_CACHE_HOME/dnn-course")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec ignores relative paths
    assert user_cache_dir("linux") == (tmp_path / "home" / ".cache" / "dnn-course",
                                       "~/.cache/dnn-course (XDG)")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert user_cache_dir("linux")[0] == tmp_path / "home" / ".cache" / "dnn-course"
    assert user_cache_dir("darwin") == (tmp_path / "home" / "Library" / "Caches" / "dnn-course",
                                        "~/Library/Caches/dnn-course (macOS)")
    # Windows asks the shell for the local application data folder (%LOCALAPPDATA%)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder",
                        lambda csidl: str(tmp_path / "local") if csidl == "CSIDL_LOCAL_APPDATA" else "?")
    assert user_cache_dir("win32") == (tmp_path / "local" / "dnn-course",
                                       "%LOCALAPPDATA%\\dnn-course (Windows)")


def test_default_outside_a_clone_is_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    installed = lr_utils.Course(root=None, sums_file=Path(lr_utils.__file__).parent.parent
                                / "datasets" / "SHA256SUMS")
    assert lr_utils.dataset_dir(course=installed) == tmp_path / "xdg" / "dnn-course"
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(download=False, course=installed)
    message = str(err.value)
    assert "per-user cache, $XDG_CACHE_HOME/dnn-course" in message
    assert "运行 `python -m lr_utils`：" in message and "make data" not in message
    with pytest.raises(lr_utils.DatasetError) as err:
        lr_utils.load_dataset(download=False, course=lr_utils.Course(
            root=None, sums_file=tmp_path / "nowhere"))
    assert "git checkout" not in str(err.value) and "pip install" in str(err.value)
