# Two commands for learners: `make lab` and `make test`. Every target sets itself up first
# (a virtual environment in .venv, created and filled from requirements.txt when needed).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BOOK_STAMP := $(VENV)/.book-stamp

.PHONY: setup data lab test test-install test-browser book test-book exercises bench bench-setup clean

# tools/setup_venv.py installs with uv (pip-installed into the venv when missing), with plain pip
# as the fallback, and says in one line which it used.
$(STAMP): requirements.txt pyproject.toml tools/setup_venv.py
	@$(PYTHON) tools/setup_venv.py --venv $(VENV)
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
	@$(PYTHON) tools/setup_venv.py --venv $(VENV) -r tests/browser/requirements.txt
	$(BIN)/python -m pytest tests/browser -p no:cacheprovider -v --ignore=tests/browser/test_book.py

$(BOOK_STAMP): book/requirements.txt $(STAMP)
	@$(PYTHON) tools/setup_venv.py --venv $(VENV) -r book/requirements.txt
	@touch $(BOOK_STAMP)

# The course website in book/_build/html: Jupyter Book over notebooks/ with their saved outputs
# (nothing runs). The first build fetches MathJax with npm (cached in book/_build/cache).
book: setup $(BOOK_STAMP)
	$(BIN)/python book/build.py

# Builds the book, then reads every page in headless Chromium, offline (like test-browser).
test-book: book
	@$(PYTHON) tools/setup_venv.py --venv $(VENV) -r tests/browser/requirements.txt
	$(BIN)/python -m pytest tests/browser/test_book.py -p no:cacheprovider -v

exercises: setup
	$(BIN)/python tools/make_exercises.py

bench: setup
	$(BIN)/python benchmarks/train_speed.py

# Cold setup with uv and with pip, each into a fresh temporary venv (several minutes; network).
bench-setup:
	$(PYTHON) benchmarks/setup_time.py

clean:
	rm -rf $(VENV) .pytest_cache screenshots book/_build
