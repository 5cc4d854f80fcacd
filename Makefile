# 光荣榜 Honour Board. `make site` builds the demo, `make test` runs the checks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.7 prints an end-of-life banner on every build; staff don't need it each time.
export NO_MKDOCS_2_WARNING := 1
# The screen tests drive Debian's Chromium headless (Playwright's own browser download is never used).
CHROMIUM ?= /usr/bin/chromium
# The Nu HTML Checker, from the npm package vnu-jar (package.json), run with the machine's Java.
VNU    := node_modules/vnu-jar/build/dist/vnu.jar
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT    := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

# A Chinese system font for Chromium, so that pages, screenshots and printed PDFs show CJK text
# (the tests measure text in it); the public pages themselves never load a web font.
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
# poppler's pdftoppm and pdftotext: the print tests render every PDF page to check it.
PDFTOPPM := /usr/bin/pdftoppm
# The demo's print kit (make print): its campaigns and boards, each into print/<id>/.
DEMO_PRINT := 2026-most-beautiful 2026-model-post 2025-model-post 2026-party-honours stars pioneers floor-1

.PHONY: site serve test lint check clean screenshots java print

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,faces,heif]'
	touch $(STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update
	$(APT) chromium

# --ignore-scripts: vnu-jar's postinstall would download a Java from GitHub; Debian's is used.
$(VNU): package.json package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update && $(APT) npm; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(VNU)

$(CJK_FONT):
	$(SUDO) apt-get update
	$(APT) fonts-wqy-microhei

$(PDFTOPPM):
	$(SUDO) apt-get update
	$(APT) poppler-utils

java:
	command -v java >/dev/null || { $(SUDO) apt-get update && $(APT) default-jre-headless; }

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

test: $(STAMP) $(CHROMIUM) $(CJK_FONT) $(PDFTOPPM) $(VNU) java lint
	HB_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q -n auto --dist loadfile

# PNGs for review: every slide of the demo screens, landscape 1920×1080 and portrait 1080×1920
# (screenshots/), and one page of each kind, full length, 390 and 1280 px wide (screenshots/pages/).
screenshots: $(STAMP) $(CHROMIUM) $(CJK_FONT)
	rm -rf screenshots
	HB_CHROMIUM=$(CHROMIUM) HB_SCREENSHOTS=$(CURDIR)/screenshots \
	  $(BIN)/pytest -q tests/test_screens.py tests/test_accessibility.py \
	  -k "test_every_slide_fits_the_screen or test_page_screenshot"
	@echo "截图已保存到 screenshots/（页面截图在 screenshots/pages/）"

# 公示, 表彰名单, 荣誉证书, voting posters, WeChat articles and star board posters of the demo.
print: $(STAMP)
	rm -rf print
	for target in $(DEMO_PRINT); do $(BIN)/honours print $$target || exit 1; done
	@echo "印刷品已保存到 print/"

clean:
	rm -rf site .cache screenshots print forms node_modules $(VENV)
