# The two commands a fresh machine needs (see README):
#   make samples   batch-convert the bundled samples (DOCX, PDF, scans, spreadsheets, web pages, the real
#                  documents) into out/samples/
#   make test      lint and run the test suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: samples test bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# The sample documents only: each has its hand-checked golden *.json beside it, which is not an
# input (a directory given to the batch would list every golden as `unsupported`).
SAMPLE_DIRS := samples/docx samples/pdf samples/scan samples/spreadsheets samples/prose samples/html samples/real
DOCUMENT_EXTENSIONS := docx pdf png jpg tif tiff xlsx xls ods html mhtml
SAMPLES := $(sort $(wildcard $(foreach d,$(SAMPLE_DIRS),$(foreach e,$(DOCUMENT_EXTENSIONS),$(d)/*.$(e)))))

samples: $(STAMP)
	$(BIN)/python cli.py extract $(SAMPLES) -o out/samples --format csv

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) out
