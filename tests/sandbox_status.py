"""Whether the grader's sandbox (bubblewrap) can be tested here: tests that need it skip with a
visible reason when bwrap is missing, unless DNN_REQUIRE_SANDBOX is set (CI sets it: then they run
and fail)."""
import os
import shutil

import pytest

REQUIRED = os.environ.get("DNN_REQUIRE_SANDBOX", "") not in ("", "0")
needs_bwrap = pytest.mark.skipif(
    shutil.which("bwrap") is None and not REQUIRED,
    reason="bubblewrap (bwrap) is not installed: apt-get install bubblewrap (CI sets DNN_REQUIRE_SANDBOX=1)")
