"""lr_utils: loading the real data, where it is looked up, one message per kind of broken file,
and downloads from a local HTTP server (good, broken and unreachable mirrors).

Fault and download tests use copies of the real files when the dataset is available; otherwise
they build stand-in HDF5 files with the same layout and point lr_utils' checksums at them, so
they run (and cover the loader) on a machine without the data too.
"""
import hashlib
import http.server
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
def isolated(monkeypatch, tmp_path, originals):
    """No DNN_* variables, an empty default folder, no real mirrors, short timeouts; stand-in
    files get their own checksums. Session fixtures (cat_data, originals) are built before this."""
    for var in ("DNN_DATASETS", "DNN_NO_DOWNLOAD", "DNN_MIRRORS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(lr_utils, "DEFAULT_DIR", tmp_path / "module_datasets")
    monkeypatch.setattr(lr_utils, "MIRRORS", ["http://127.0.0.1:9/unused/{name}"])
    monkeypatch.setattr(lr_utils, "TIMEOUT", 0.5)
    _, hashes, sizes, real = originals
    if not real:
        sums = tmp_path / "SHA256SUMS"
        sums.write_text("".join(f"{h}  {n}\n" for n, h in hashes.items()))
        monkeypatch.setattr(lr_utils, "SUMS_FILE", sums)
        monkeypatch.setattr(lr_utils, "SIZES", dict(sizes))


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
    sums = Path(lr_utils.__file__).parent / "datasets" / "SHA256SUMS"
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
    monkeypatch.setattr(lr_utils, "DEFAULT_DIR", default)
    return arg, env, default


def test_argument_beats_environment(three_folders):
    arg, _, _ = three_folders
    train_x, *_ = lr_utils.load_dataset(arg, download=False)
    assert train_x.shape == (209, 64, 64, 3)
    assert lr_utils.dataset_dir(arg) == arg


def test_environment_beats_module_folder(three_folders):
    _, env, _ = three_folders
    with pytest.raises(lr_utils.DatasetLFSPointer, match="Git-LFS") as err:
        lr_utils.load_dataset(download=False)
    assert str(env) in str(err.value)


def test_module_folder_is_the_last_resort(three_folders, monkeypatch):
    _, _, default = three_folders
    monkeypatch.delenv("DNN_DATASETS")
    with pytest.raises(lr_utils.DatasetHTML) as err:
        lr_utils.load_dataset(download=False)
    assert str(default) in str(err.value)


def test_current_directory_is_never_used(originals, tmp_path, monkeypatch):
    here = _good_copy(originals, tmp_path / "cwd")
    monkeypatch.chdir(here)
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(download=False)
    message = str(err.value)
    assert str(lr_utils.DEFAULT_DIR) in message
    assert "从不在当前目录里找" in message and str(here) in message  # and says how to use them
    monkeypatch.setenv("DNN_DATASETS", ".")  # an explicit relative folder is the learner's choice
    assert lr_utils.load_dataset(download=False)[1].shape == (1, 209)


def test_a_file_instead_of_a_folder(originals):
    with pytest.raises(lr_utils.DatasetMissing, match="应该是文件夹"):
        lr_utils.load_dataset(originals[0] / TRAIN)


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
def test_each_fault_has_its_own_error(fault, originals, tmp_path):
    make, cls, fragments = FAULTS[fault]
    folder = _good_copy(originals, tmp_path / "data")
    make(originals[0] / TRAIN, folder / TRAIN)
    with pytest.raises(lr_utils.DatasetError) as err:
        lr_utils.load_dataset(folder)  # downloads allowed: a bad file is reported, not replaced
    assert type(err.value) is cls
    size = lr_utils.SIZES[TRAIN]
    message = str(err.value)
    for fragment in fragments:
        fragment = fragment.format(half=size // 2, size=size, sha=originals[1][TRAIN])
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert str(folder / TRAIN) in message and "怎么办" in message
    assert sorted(os.listdir(folder)) == [TEST, TRAIN]


def test_the_test_file_is_checked_too(originals, tmp_path):
    folder = _good_copy(originals, tmp_path / "data")
    (folder / TEST).write_bytes(LFS_POINTER)
    with pytest.raises(lr_utils.DatasetLFSPointer, match=TEST):
        lr_utils.load_dataset(folder)


@pytest.mark.parametrize("how, fragment", [("argument", "download=False"),
                                           ("environment", "DNN_NO_DOWNLOAD")])
def test_missing_without_downloads(how, fragment, tmp_path, monkeypatch):
    folder = tmp_path / "empty"
    folder.mkdir()
    if how == "environment":
        monkeypatch.setenv("DNN_NO_DOWNLOAD", "1")
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(folder, download=False if how == "argument" else None)
    message = str(err.value)
    for part in (fragment, str(folder), TRAIN, TEST, "DNN_DATASETS", "python -m lr_utils"):
        assert part in message
    assert os.listdir(folder) == []


def test_missing_checksum_file(tmp_path, monkeypatch, originals):
    monkeypatch.setattr(lr_utils, "SUMS_FILE", tmp_path / "nowhere" / "SHA256SUMS")
    with pytest.raises(lr_utils.DatasetError, match="git checkout -- datasets/SHA256SUMS"):
        lr_utils.load_dataset(originals[0])


# downloads from a local server

class _Handler(http.server.BaseHTTPRequestHandler):
    files = {}  # "/kind/name" -> bytes

    def do_GET(self):
        kind = self.path.split("/")[1]
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        if kind == "slow":
            time.sleep(1.5)  # longer than the patched lr_utils.TIMEOUT
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body[:1000] if kind == "cut" else body)
        except OSError:  # the client gave up (timeout): nothing to do
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(originals):
    """Base URL of a local mirror: /good, /trunc, /lfs, /html, /cut (connection drops), /big
    (too long), /slow (answers after the timeout), /trainonly; anything else is 404."""
    folder = originals[0]
    for name in lr_utils.FILES:
        data = (folder / name).read_bytes()
        variants = {"good": data, "trunc": data[: len(data) // 2], "lfs": LFS_POINTER,
                    "html": HTML_PAGE, "cut": data, "big": data + bytes(10), "slow": data}
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


def test_download_good_mirror(server, tmp_path, originals):
    target = tmp_path / "target"
    target.mkdir()
    log = []
    folder = lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"], report=log.append)
    assert folder == target and sorted(os.listdir(target)) == [TEST, TRAIN]
    for name in lr_utils.FILES:
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == originals[1][name]
    assert any("已下载并通过校验" in line for line in log)
    assert lr_utils.load_dataset(target, download=False)[3].shape == (1, 50)


def test_download_into_module_folder_via_DNN_MIRRORS(server, monkeypatch):
    monkeypatch.setenv("DNN_MIRRORS", f"{server}/nothing-here {server}/good")  # base URLs
    lr_utils.load_dataset()
    assert sorted(os.listdir(lr_utils.DEFAULT_DIR)) == [TEST, TRAIN]


def test_only_missing_files_are_downloaded(server, tmp_path, originals):
    target = tmp_path / "target"
    target.mkdir()
    shutil.copyfile(originals[0] / TEST, target / TEST)
    log = []
    lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"], report=log.append)
    assert [line for line in log if line.startswith("下载")] == [
        f"下载 (download) {TRAIN} ← {server}/good/{TRAIN}"]


def test_bad_mirrors_fall_through_to_a_good_one(server, tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    kinds = ["missing", "lfs", "html", "trunc", "good"]
    log = []
    lr_utils.ensure_dataset(target, mirrors=[f"{server}/{k}/{{name}}" for k in kinds],
                            report=log.append)
    assert sorted(os.listdir(target)) == [TEST, TRAIN]
    tried = [line.rsplit("/", 2)[1] for line in log if line.startswith("下载") and TRAIN in line]
    assert tried == kinds


def test_all_mirrors_bad(server, tmp_path, closed_port):
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
        f"{server}/slow/{{name}}": "timed out after",
    }
    started = time.monotonic()
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(target, mirrors=list(expected))
    assert time.monotonic() - started < 5
    message = str(err.value)
    for mirror, problem in expected.items():
        url = mirror.replace("{name}", TRAIN)
        assert f"- {url}\n        {problem}" in message, f"{url} / {problem} not in:\n{message}"
    assert "自动下载失败" in message and "怎么办" in message
    assert os.listdir(target) == []  # no file, no *.part left behind


def test_a_file_that_fails_keeps_the_one_that_worked(server, tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(target, mirrors=[server + "/trainonly/{name}"])
    assert str(err.value).splitlines()[0] == f"找不到数据集 (dataset not found)：{TEST}"
    assert os.listdir(target) == [TRAIN]  # verified, so it stays; nothing else left behind


def test_empty_mirror_list(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(lr_utils.DatasetMissing, match="no mirror to download from"):
        lr_utils.load_dataset(target, mirrors=[])
    assert os.listdir(target) == []


def test_interrupted_download_leaves_nothing(tmp_path, monkeypatch):
    def fetch_then_interrupt(url, out, limit, **_):
        out.write(b"\x89HDF\r\n\x1a\n" + bytes(1000))
        raise KeyboardInterrupt

    monkeypatch.setattr(lr_utils, "fetch_url", fetch_then_interrupt)
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(KeyboardInterrupt):
        lr_utils.load_dataset(target, mirrors=["http://example.invalid/{name}"])
    assert os.listdir(target) == []


def test_named_folder_that_does_not_exist_is_not_created(server, tmp_path):
    target = tmp_path / "typo"
    with pytest.raises(lr_utils.DatasetMissing, match="folder does not exist"):
        lr_utils.load_dataset(target, mirrors=[server + "/good/{name}"])
    assert not target.exists()


# status helper and `python -m lr_utils`

def test_dataset_status(originals, tmp_path):
    assert lr_utils.dataset_status(originals[0]) == f"✓ 数据集就绪: {originals[0]}"
    status = lr_utils.dataset_status(tmp_path)
    assert status.startswith("✗ 数据集还不能用") and "python -m lr_utils" in status


def test_main_ready_and_failing(originals, tmp_path, capsys):
    assert lr_utils.main([str(originals[0])]) == 0
    assert capsys.readouterr().out.strip() == f"✓ 数据集就绪: {originals[0]}"
    (tmp_path / TRAIN).write_bytes(HTML_PAGE)
    assert lr_utils.main([str(tmp_path)]) == 1
    assert "网页" in capsys.readouterr().err


def test_python_m_lr_utils(tmp_path):
    env = {**os.environ, "DNN_DATASETS": str(tmp_path), "DNN_NO_DOWNLOAD": "1"}
    done = subprocess.run([sys.executable, "-m", "lr_utils"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "找不到数据集" in done.stderr and "DNN_NO_DOWNLOAD" in done.stderr


# robustness (issue 12): every failure is a DatasetError with its own message, never a traceback

def test_empty_path_argument(capsys):
    assert lr_utils.main([""]) == 1
    assert "空字符串 (empty path)" in capsys.readouterr().err
    with pytest.raises(lr_utils.DatasetMissing, match="empty path"):
        lr_utils.load_dataset("")


def test_malformed_checksum_file(tmp_path, monkeypatch, originals):
    sums = tmp_path / "bad_SHA256SUMS"
    sums.write_text("this is not a checksum line at all\n")
    monkeypatch.setattr(lr_utils, "SUMS_FILE", sums)
    with pytest.raises(lr_utils.DatasetError, match="malformed SHA256SUMS line 1"):
        lr_utils.load_dataset(originals[0])
    assert "✗" in lr_utils.dataset_status(originals[0])


def test_directory_where_a_file_should_be(tmp_path, capsys):
    (tmp_path / TRAIN).mkdir()
    with pytest.raises(lr_utils.DatasetNotHDF5, match="a directory stands where the file should be"):
        lr_utils.load_dataset(tmp_path, download=False)
    assert lr_utils.main([str(tmp_path)]) == 1
    assert "是一个文件夹" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_a_dataset_error(originals, tmp_path):
    folder = _good_copy(originals, tmp_path / "perm")
    (folder / TRAIN).chmod(0)
    with pytest.raises(lr_utils.DatasetUnreadable, match="permission denied"):
        lr_utils.load_dataset(folder, download=False)


def test_oserror_reading_a_file_is_a_dataset_error(originals, tmp_path, monkeypatch):
    """PermissionError (also as root, simulated) and other OSErrors get their own messages."""
    folder = _good_copy(originals, tmp_path / "os")
    real_open = open

    def failing_open(path, *args, **kwargs):
        if str(path).endswith(TRAIN):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(lr_utils.DatasetUnreadable, match="permission denied"):
        lr_utils.ensure_dataset(folder, download=False)
    assert lr_utils.dataset_status(folder).startswith("✗")


def test_oserror_on_the_folder_is_a_dataset_error(tmp_path, monkeypatch):
    def broken(self, *args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "is_file", broken)
    with pytest.raises(lr_utils.DatasetUnreadable, match="Input/output error"):
        lr_utils.ensure_dataset(tmp_path, download=False)
    assert lr_utils.dataset_status(tmp_path).startswith("✗")


def test_dataset_status_never_raises(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(lr_utils, "ensure_dataset", boom)
    assert "RuntimeError: unexpected" in lr_utils.dataset_status()


def test_stale_part_files_are_removed(server, tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    stale = target / (TRAIN + ".abc123.part")
    stale.write_bytes(b"half a file")
    lr_utils.load_dataset(target, mirrors=[server + "/good/{name}"])
    assert sorted(os.listdir(target)) == [TEST, TRAIN]


def test_download_shows_progress(server, tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    lines = []
    lr_utils.ensure_dataset(target, mirrors=[server + "/good/{name}"], report=lines.append)
    assert any("100%" in line for line in lines), lines


def test_download_has_an_overall_deadline(server, tmp_path, monkeypatch):
    monkeypatch.setattr(lr_utils, "DOWNLOAD_DEADLINE", 0)
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(lr_utils.DatasetMissing, match="deadline"):
        lr_utils.load_dataset(target, mirrors=[server + "/good/{name}"])
    assert os.listdir(target) == []


def test_missing_message_does_not_depend_on_dnn_no_download(tmp_path, monkeypatch):
    """Notebook 11 prints this message; its saved output must not change with DNN_NO_DOWNLOAD."""
    def message():
        with pytest.raises(lr_utils.DatasetMissing) as err:
            lr_utils.load_dataset(tmp_path / "no_such_folder", download=False)
        return str(err.value)

    without = message()
    monkeypatch.setenv("DNN_NO_DOWNLOAD", "1")
    assert message() == without


def test_default_outside_a_clone_is_the_user_cache(tmp_path, monkeypatch):
    if lr_utils.SUMS_FILE is None:  # the editable install may predate the package data
        monkeypatch.setattr(lr_utils, "SUMS_FILE", Path(lr_utils.__file__).parent / "datasets" / "SHA256SUMS")
    monkeypatch.setattr(lr_utils, "DEFAULT_DIR", None)
    monkeypatch.setattr(lr_utils, "IN_CLONE", False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert lr_utils.dataset_dir() == tmp_path / "xdg" / "dnn-course"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert lr_utils.dataset_dir() == tmp_path / "home" / ".cache" / "dnn-course"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert lr_utils.dataset_dir() == tmp_path / "home" / "Library" / "Caches" / "dnn-course"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert lr_utils.dataset_dir() == tmp_path / "local" / "dnn-course"
    with pytest.raises(lr_utils.DatasetMissing) as err:
        lr_utils.load_dataset(download=False)
    assert "%LOCALAPPDATA%" in str(err.value) and "make data" not in str(err.value)
    monkeypatch.setattr(lr_utils, "SUMS_FILE", tmp_path / "nowhere")
    with pytest.raises(lr_utils.DatasetError) as err:
        lr_utils.load_dataset(download=False)
    assert "git checkout" not in str(err.value) and "pip install" in str(err.value)
