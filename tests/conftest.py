"""Shared test setup: the cat dataset, and notebooks that need it.

Where the dataset cannot be found, tests that need it are skipped with the reason shown by
``-ra``; with DNN_REQUIRE_DATA=1 (set by CI) a missing dataset is a failure instead.
"""
import pytest

from data_status import data_problem, needs_data, require_data


@pytest.fixture(scope="session")
def cat_data():
    """(train_x_orig, train_y, test_x_orig, test_y, classes) or skip/fail with the reason."""
    problem = data_problem()
    if problem:
        if require_data():
            pytest.fail(problem)
        pytest.skip(problem)
    import lr_utils
    return lr_utils.load_dataset(download=False)


def pytest_collection_modifyitems(config, items):
    """nbval cells of notebooks marked metadata.dnn_course.needs_data skip when data is missing."""
    data_nbs = {str(item.fspath) for item in items
                if str(item.fspath).endswith(".ipynb") and needs_data(item.fspath)}
    if not data_nbs:
        return
    problem = data_problem()
    if problem is None or require_data():
        return
    mark = pytest.mark.skip(reason=problem)
    for item in items:
        if str(item.fspath) in data_nbs:
            item.add_marker(mark)
