# Two commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PACKAGING_STAMP := $(VENV)/.packaging-stamp
export QT_QPA_PLATFORM ?=

.PHONY: run test test-sync lint catalogs bench screenshots package package-test clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

catalogs: $(STAMP)
	$(BIN)/python tools/catalogs.py build

run: $(STAMP) catalogs
	$(BIN)/coursenplus-desk

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench packaging
	$(BIN)/ruff format --check src tests tools bench packaging
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) catalogs lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The shared register over a real transport: two Syncthing instances on 127.0.0.1, run as
# this user. Debian's `syncthing` package is installed first when it is missing.
test-sync: $(STAMP) catalogs
	@command -v syncthing >/dev/null 2>&1 || { \
	  echo "Installing syncthing (Debian package)…"; \
	  if [ "$$(id -u)" -eq 0 ]; then apt-get install -y syncthing; \
	  else sudo apt-get install -y syncthing; fi; }
	COURSENPLUS_TEST_SYNCTHING=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/transport

# PNGs of the main screens (unlock, people, a person's page, print preview, courses) and of
# answering a request, for the README.
screenshots: $(STAMP) catalogs
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshots.py --out docs/screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/request_screenshots.py --out docs/screenshots

clean:
	rm -rf $(VENV) build dist

bench: $(STAMP) catalogs
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

# The desktop bundle of this platform (packaging/build.py says what it makes).
$(PACKAGING_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,packaging]'
	touch $(PACKAGING_STAMP)

package: $(PACKAGING_STAMP) catalogs
	$(BIN)/python packaging/build.py

# Runs the built bundle (make package first), outside the project's virtualenv.
package-test: $(STAMP)
	$(BIN)/python packaging/smoke_test.py
