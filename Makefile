# 光荣榜 Honour Board. `make site` builds the demo, `make test` runs the checks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.7 prints an end-of-life banner on every build; staff don't need it each time.
export NO_MKDOCS_2_WARNING := 1
# The screen tests drive Debian's Chromium headless (Playwright's own browser download is never used).
CHROMIUM ?= /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve test lint check clean screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,faces,heif]'
	touch $(STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

site: $(STAMP)
	$(BIN)/mkdocs build

# --dirty: after a save only the pages that changed are rebuilt (the plugin keeps every
# generated page in .cache/pages/ and knows which changed); the first build is whole.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

check: $(STAMP)
	$(BIN)/honours check

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy generator

test: $(STAMP) $(CHROMIUM) lint
	HB_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q

# PNGs of every slide of the demo screens, landscape 1920×1080 and portrait 1080×1920, for review.
screenshots: $(STAMP) $(CHROMIUM)
	rm -rf screenshots
	HB_CHROMIUM=$(CHROMIUM) HB_SCREENSHOTS=$(CURDIR)/screenshots \
	  $(BIN)/pytest -q tests/test_screens.py -k test_every_slide_fits_the_screen
	@echo "截图已保存到 screenshots/"

clean:
	rm -rf site .cache screenshots $(VENV)
