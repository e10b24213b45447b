"""Generative engines: one narrow interface, ``complete_json(prompt, schema) -> dict``.

The output is constrained to ``schema`` (a JSON Schema) by the engine where it can be (a
llama.cpp grammar, a server's ``response_format``) and always validated afterwards. Prompts
put their fixed part first, so llama.cpp reuses it from one call to the next.

- ``LlamaCppEngine`` (``llama-cpp``): a local GGUF file through llama-cpp-python, the embedded
  default (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, assembled by ``make models``).
- ``OpenAIEngine`` (``openai``): any OpenAI-compatible server (Ollama, vLLM, llama.cpp server,
  LM Studio) by base URL and model name. The API key is read from the environment only.
- ``FakeEngine``: deterministic, for tests. ``none`` is the fast path: no engine at all.

Temperature 0 and a fixed seed by default: the same prompt gives the same answer."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Protocol

from condense.errors import BadSettings, CondenseError, MissingDependency

DEFAULT_MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
KEY_VARIABLES = ("CONDENSE_OPENAI_API_KEY", "OPENAI_API_KEY")


class EngineError(CondenseError):
    """The model or server did not give a usable answer."""


class GenerativeEngine(Protocol):
    name: str
    model: str          # a name for people: file name or server model name
    model_id: str       # what the cache keys on: the file's sha256, or base URL + model name

    def complete_json(self, prompt: str, schema: dict) -> dict:
        """A JSON object conforming to ``schema``, answering ``prompt``."""
        ...

    def params(self) -> dict:
        ...


def validate(value: object, schema: dict) -> dict:
    import jsonschema

    if not isinstance(value, dict):
        raise EngineError(f"the model answered {type(value).__name__}, not a JSON object")
    try:
        jsonschema.validate(value, schema)
    except jsonschema.ValidationError as exc:
        raise EngineError(f"the model's JSON does not fit the schema: {exc.message}") from None
    return value


def parse_json(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")  # some servers wrap JSON in prose or fences
        if 0 <= start < end:
            try:
                return json.loads(text[start:end + 1])
            except json.JSONDecodeError:
                pass
    raise EngineError(f"the model did not answer with JSON: {text[:80]!r}")


def busy_cores(interval: float = 0.25) -> float:
    """How many cores other processes keep busy right now (from /proc/stat over ``interval``
    seconds; the 1-minute load average where there is no /proc). Measured when the engine is
    made, while this process itself is idle: the load average would also count this run's own
    embedding a moment ago."""
    def sample():
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return fields[3] + (fields[4] if len(fields) > 4 else 0), sum(fields)

    try:
        idle0, total0 = sample()
        time.sleep(interval)
        idle1, total1 = sample()
        share = 1 - (idle1 - idle0) / max(1, total1 - total0)
        return max(0.0, share * (os.cpu_count() or 1))
    except (OSError, ValueError, IndexError):
        try:
            return os.getloadavg()[0]
        except OSError:
            return 0.0


def choose_threads(cpus: int | None = None, load: float | None = None) -> int:
    """Threads for llama.cpp from the machine's size and how busy it is (``load``: cores kept
    busy by others). On a busy box extra threads wait on each other (2 threads on a loaded 2-core
    machine ran 10-40x slower than 1), while on an idle one they nearly double the speed (14.4
    against 7.5 tokens/s on 2 cores). So: every core of an idle machine; else the cores that are
    idle, leaving one for the rest; never fewer than one."""
    env = os.environ.get("CONDENSE_LLM_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    cpus = cpus or os.cpu_count() or 1
    if load is None:
        load = busy_cores()
    if load < 0.25:
        return cpus
    if cpus <= 2:
        return 1
    return max(1, min(cpus - 1, int(cpus - load)))


_SHA_CACHE: dict[tuple, str] = {}


def file_sha256(path: Path) -> str:
    """The file's sha256, remembered per (path, size, mtime); a ``.sha256`` file beside it,
    written by ``make models`` after checking, saves hashing 1 GB on every run."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key in _SHA_CACHE:
        return _SHA_CACHE[key]
    side = path.with_name(path.name + ".sha256")
    if side.is_file() and side.stat().st_mtime_ns >= st.st_mtime_ns:
        digest = side.read_text().split()[0]
    else:
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
    _SHA_CACHE[key] = digest
    return digest


def default_model_path() -> Path:
    """Where ``make models`` puts the embedded model: $CONDENSE_LLM_MODEL, else models/ in
    the working directory or in the source checkout."""
    env = os.environ.get("CONDENSE_LLM_MODEL")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base / "models" / DEFAULT_MODEL_FILE
        if candidate.is_file():
            return candidate
    return Path("models") / DEFAULT_MODEL_FILE


class LlamaCppEngine:
    name = "llama-cpp"

    def __init__(self, model_path: str | Path | None = None, threads: int | None = None, seed: int = 0,
                 temperature: float = 0.0, n_ctx: int = 4096, max_tokens: int = 512):
        self.path = Path(model_path) if model_path else default_model_path()
        if not self.path.is_file():
            raise BadSettings(f"the model file {self.path} does not exist; run 'make models' to assemble the "
                              "embedded model, or pass --model PATH.gguf")
        self.threads = threads or choose_threads()
        self.seed, self.temperature, self.n_ctx, self.max_tokens = seed, temperature, n_ctx, max_tokens
        self.model = self.path.name
        self.model_id = file_sha256(self.path)
        self._llm = None

    def params(self) -> dict:
        from condense.engines.llama_decode import LAYOUT

        # "decoding" is part of the answer cache's key: jump-forward decoding (JSON in one fixed
        # layout, forced runs; llama_decode) writes answers that can differ from the earlier ones.
        out = {"model_sha256": self.model_id, "threads": self.threads, "seed": self.seed,
               "temperature": self.temperature, "n_ctx": self.n_ctx, "max_tokens": self.max_tokens}
        if self.temperature == 0:
            out["decoding"] = f"jump-forward-{LAYOUT}"
        return out

    def _load(self):
        if self._llm is None:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise MissingDependency("llama-cpp-python", "the llama-cpp engine (run 'make install')") from None
            from condense.engines.llama_decode import chat_formatter

            self._llm = Llama(model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.threads,
                              n_threads_batch=self.threads, seed=self.seed, verbose=False)
            self._formatter = chat_formatter(self._llm)
        return self._llm

    def complete_json(self, prompt: str, schema: dict) -> dict:
        from condense.engines.llama_decode import chat_tokens, generate_json

        llm = self._load()
        try:
            if self.temperature == 0:  # greedy: the lazily checked grammar and forced runs (less work)
                text = generate_json(llm, chat_tokens(llm, self._formatter, prompt), schema, self.max_tokens)
            else:
                out = llm.create_chat_completion(
                    messages=[{"role": "user", "content": prompt}],
                    response_format={"type": "json_object", "schema": schema},
                    temperature=self.temperature, seed=self.seed, max_tokens=self.max_tokens)
                text = out["choices"][0]["message"]["content"] or ""
        except ValueError as exc:  # a prompt too long for the context, a grammar llama.cpp refuses
            raise EngineError(str(exc)) from None
        return validate(parse_json(text), schema)


class OpenAIEngine:
    """Chat completions on an OpenAI-compatible server, with ``response_format`` set to the
    JSON schema (Ollama >= 0.5, vLLM, llama.cpp server and LM Studio honour it)."""

    name = "openai"

    def __init__(self, base_url: str | None = None, model: str | None = None, seed: int = 0,
                 temperature: float = 0.0, max_tokens: int = 512, timeout: float = 120.0):
        self.base_url = (base_url or os.environ.get("CONDENSE_OPENAI_BASE_URL") or "").rstrip("/")
        self.model = model or os.environ.get("CONDENSE_OPENAI_MODEL") or ""
        if not self.base_url or not self.model:
            raise BadSettings("the openai engine needs a server and a model: --base-url http://localhost:11434/v1 "
                              "--model NAME (or CONDENSE_OPENAI_BASE_URL and CONDENSE_OPENAI_MODEL)")
        self.seed, self.temperature, self.max_tokens, self.timeout = seed, temperature, max_tokens, timeout
        self.model_id = f"{self.base_url}#{self.model}"

    def params(self) -> dict:  # never the key
        return {"base_url": self.base_url, "seed": self.seed, "temperature": self.temperature,
                "max_tokens": self.max_tokens}

    def complete_json(self, prompt: str, schema: dict) -> dict:
        body = {"model": self.model, "messages": [{"role": "user", "content": prompt}],
                "temperature": self.temperature, "seed": self.seed, "max_tokens": self.max_tokens,
                "response_format": {"type": "json_schema",
                                    "json_schema": {"name": "answer", "schema": schema, "strict": True}}}
        headers = {"Content-Type": "application/json"}
        key = next((os.environ[k] for k in KEY_VARIABLES if os.environ.get(k)), None)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        request = urllib.request.Request(f"{self.base_url}/chat/completions", json.dumps(body).encode(),
                                         headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise EngineError(f"the server at {self.base_url} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise EngineError(f"cannot reach the server at {self.base_url} ({getattr(exc, 'reason', exc)})") from None
        except json.JSONDecodeError:
            raise EngineError(f"the server at {self.base_url} did not answer with JSON") from None
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise EngineError(f"the server at {self.base_url} gave no chat completion") from None
        return validate(parse_json(content or ""), schema)


class FakeEngine:
    """Deterministic stand-in for tests: ``respond(prompt, schema) -> dict`` decides the
    answer (default: the smallest object the schema allows). Counts its calls."""

    name = "fake"

    def __init__(self, respond: Callable[[str, dict], dict] | None = None, model: str = "fake-model"):
        self.respond = respond or (lambda prompt, schema: minimal(schema))
        self.model = model
        self.model_id = hashlib.sha256(model.encode()).hexdigest()
        self.calls: list[str] = []

    def params(self) -> dict:
        return {"seed": 0, "temperature": 0.0}

    def complete_json(self, prompt: str, schema: dict) -> dict:
        self.calls.append(prompt)
        return validate(self.respond(prompt, schema), schema)


_PASSAGE = re.compile(r"^\[(\d+|Q)\] (.*)$", re.M)
_GROUP = re.compile(r"^Group ([A-Z])[^\n]*:\n\[(\d+)\]", re.M)


def echo(prompt: str, schema: dict, words: int = 12) -> dict:
    """A fake that "retells" by quoting the start of the first passage it was shown (of each
    group), citing it: faithful by construction, so the guard should keep it."""
    passages = {n: t for n, t in _PASSAGE.findall(prompt)}
    first = next((k for k in passages if k != "Q"), None)

    def said(n):
        return {"text": " ".join(passages[n].split()[:words]), "cites": [int(n)]}

    props = schema["properties"]
    if "condensates" in props:
        starts = dict(_GROUP.findall(prompt))
        out = {"condensates": {g: said(starts[g]) for g in props["condensates"]["properties"]}}
        if "quote_translation" in props:
            out["quote_translation"] = passages["Q"]
        return out
    if first is None:
        return minimal(schema)
    out = {}
    if "label" in props:
        out["label"] = " ".join(passages[first].split()[:3])
    if "description" in props:
        out["description"] = said(first)
    if "sentences" in props:
        out["sentences"] = [said(first)]
    return out


def minimal(schema: dict) -> object:
    kind = schema.get("type")
    if kind == "object":
        return {k: minimal(v) for k, v in schema.get("properties", {}).items() if k in schema.get("required", ())}
    if kind == "array":
        return [minimal(schema["items"]) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return schema["enum"][0] if "enum" in schema else "x" * schema.get("minLength", 0)
    if kind in ("integer", "number"):
        return schema.get("minimum", 0)
    if kind == "boolean":
        return False
    return None


def make_engine(name: str, model: str | None = None, base_url: str | None = None, seed: int = 0,
                threads: int | None = None) -> GenerativeEngine | None:
    """The engine called ``name`` in the run settings; None for the fast path."""
    if name == "none":
        return None
    if name == "llama-cpp":
        return LlamaCppEngine(model, threads=threads, seed=seed)
    if name == "openai":
        return OpenAIEngine(base_url, model, seed=seed)
    raise BadSettings(f"unknown engine {name!r}; choose none, llama-cpp or openai")
