# Two commands for learners: `make lab` and `make test`. Every target sets itself up first
# (a virtual environment in .venv, created and filled from requirements.txt when needed).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup data lab test test-install test-browser exercises bench clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "无法创建虚拟环境：请先安装 python3-venv (sudo apt install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP)

# Verifies the cat dataset and downloads what is missing; without a network it says what to do
# and does not stop `make lab` (the notebooks that need the data say so themselves).
data: setup
	-$(BIN)/python -m lr_utils

# `make lab ARGS="..."` passes extra flags to jupyter lab (docs/remote.md: a remote machine or a
# container, e.g. ARGS="--ip 0.0.0.0 --no-browser --port 8888"). The landing page is notebook 00
# through default_url, not a file argument, so that the URL jupyter prints for a headless start
# (and the one a browser opens) lands on it too. JupyterLab refuses to run as root (containers,
# many cloud images) unless told --allow-root.
ARGS =
LAB_LANDING := /lab/tree/exercises/00_start_here.ipynb
lab: setup data
	@root=; if [ "$$(id -u)" = 0 ]; then root=--allow-root; \
	  echo "以 root 身份运行：给 JupyterLab 加上 --allow-root (running as root: passing --allow-root)"; fi; \
	exec $(BIN)/jupyter lab $$root --notebook-dir=. --LabApp.default_url=$(LAB_LANDING) $(ARGS)

test: setup data
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env --nbval-cell-timeout=600 -p no:cacheprovider --ignore=tests/test_install.py --ignore=tests/test_nbgrader.py

# The course as an installed package (wheel -> fresh venv, used from outside the clone; Binder
# build replayed) and under nbgrader (its own venv). Slow: pip installs, so not in `make test`.
test-install: setup
	$(BIN)/python -m pytest tests/test_install.py tests/test_nbgrader.py -p no:cacheprovider -v

# Needs Debian's chromium and a CJK font (apt-get install chromium fonts-wqy-microhei); Playwright
# drives /usr/bin/chromium and never downloads a browser. Screenshots go to screenshots/.
test-browser: setup
	$(BIN)/python -m pip install --quiet -r tests/browser/requirements.txt
	$(BIN)/python -m pytest tests/browser -p no:cacheprovider -v

exercises: setup
	$(BIN)/python tools/make_exercises.py

bench: setup
	$(BIN)/python benchmarks/train_speed.py

clean:
	rm -rf $(VENV) .pytest_cache screenshots
