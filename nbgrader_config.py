# nbgrader configuration for teaching this course (README: "JupyterHub 与 nbgrader").
# Course folder layout: source/<assignment>/<notebook>, one assignment per notebook of notebooks/,
# e.g. source/05_building_blocks/05_building_blocks.ipynb (copied from notebooks/: the worked
# versions carry the solution markers nbgrader removes). Check cells are worth 1 point each.
import os

c = get_config()  # noqa: F821  (provided by nbgrader when it reads this file)

c.CourseDirectory.source_directory = "source"
# The cat notebooks (11, 12) train on the real data: each cell may take minutes on a busy server.
c.ExecutePreprocessor.timeout = 600
# Autograding kernels read the data from a shared, read-only folder (never downloaded per student).
os.environ.setdefault("DNN_DATASETS", "/srv/dnn-course/datasets")
os.environ.setdefault("DNN_NO_DOWNLOAD", "1")
