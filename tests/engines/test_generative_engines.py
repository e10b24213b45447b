"""The generative engines: schema checks, the fake, thread choice, and the OpenAI-compatible
engine against a local stub server speaking the chat-completions protocol."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from condense.engines.generative import (EngineError, FakeEngine, LlamaCppEngine, OpenAIEngine, busy_cores, choose_threads,
                                         echo, make_engine, parse_json, validate)
from condense.errors import BadSettings

SCHEMA = {"type": "object", "properties": {"label": {"type": "string", "minLength": 1},
                                           "n": {"type": "integer", "minimum": 1}},
          "required": ["label", "n"]}


def test_validate_accepts_schema_valid_and_refuses_the_rest():
    assert validate({"label": "x", "n": 2}, SCHEMA) == {"label": "x", "n": 2}
    with pytest.raises(EngineError, match="schema"):
        validate({"label": "x"}, SCHEMA)
    with pytest.raises(EngineError, match="not a JSON object"):
        validate(["x"], SCHEMA)


def test_parse_json_takes_an_object_out_of_a_fenced_answer():
    assert parse_json('Sure!\n```json\n{"label": "a", "n": 1}\n```') == {"label": "a", "n": 1}
    with pytest.raises(EngineError):
        parse_json("no json here")


def test_fake_engine_counts_calls_and_gives_schema_valid_minimal_answers():
    engine = FakeEngine()
    assert engine.complete_json("p", SCHEMA) == {"label": "x", "n": 1}
    assert engine.calls == ["p"]


def test_echo_fake_quotes_the_first_passage_of_each_group_and_cites_it():
    from condense.prompts import condensates_schema

    prompt = "Intro.\n\nGroup A:\n[1] one two three\n[2] four\n\nGroup B:\n[3] five six\n\n[Q] kvot"
    answer = echo(prompt, condensates_schema(["A", "B"], True))
    assert answer["condensates"] == {"A": {"text": "one two three", "cites": [1]},
                                     "B": {"text": "five six", "cites": [3]}}
    assert answer["quote_translation"] == "kvot"


@pytest.mark.parametrize("cpus,load,expected", [(2, 0.0, 2), (2, 0.3, 1), (2, 1.9, 1), (1, 0.0, 1), (8, 0.0, 8),
                                                (8, 0.5, 7), (8, 6.2, 1), (16, 20.0, 1)])
def test_threads_follow_cores_and_load(cpus, load, expected, monkeypatch):
    monkeypatch.delenv("CONDENSE_LLM_THREADS", raising=False)
    assert choose_threads(cpus, load) == expected


def test_busy_cores_is_a_share_of_the_machine():
    assert 0.0 <= busy_cores(0.05) <= (os.cpu_count() or 1) + 1e-9


def test_threads_can_be_set_in_the_environment(monkeypatch):
    monkeypatch.setenv("CONDENSE_LLM_THREADS", "3")
    assert choose_threads(2, 0.0) == 3


def test_make_engine_by_name(tmp_path):
    assert make_engine("none") is None
    with pytest.raises(BadSettings, match="make models"):
        make_engine("llama-cpp", str(tmp_path / "missing.gguf"))
    with pytest.raises(BadSettings, match="base-url"):
        make_engine("openai", "m", None)
    with pytest.raises(BadSettings, match="unknown engine"):
        make_engine("gpt")


def test_llama_cpp_engine_keys_its_cache_on_the_model_files_sha256(tmp_path):
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF not really")
    engine = LlamaCppEngine(model, threads=1)
    import hashlib

    assert engine.model_id == hashlib.sha256(b"GGUF not really").hexdigest()
    assert engine.params()["temperature"] == 0.0 and engine.params()["seed"] == 0


class _Stub(BaseHTTPRequestHandler):
    """Speaks /v1/chat/completions; answers with the schema's required keys filled in."""

    requests: list = []
    status = 200
    content = None

    def do_POST(self):  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if type(self).status != 200:
            self.send_response(type(self).status)
            self.end_headers()
            return
        content = type(self).content or json.dumps({"label": "Video visits", "n": 3})
        payload = json.dumps({"id": "x", "object": "chat.completion", "model": body["model"],
                              "choices": [{"index": 0, "finish_reason": "stop",
                                           "message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_server():
    _Stub.requests, _Stub.status, _Stub.content = [], 200, None
    server = HTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def test_openai_engine_speaks_chat_completions_with_a_json_schema(stub_server, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("CONDENSE_OPENAI_API_KEY", "sk-secret")
    engine = OpenAIEngine(stub_server + "/", "qwen2.5:7b")
    assert engine.complete_json("Name the theme.", SCHEMA) == {"label": "Video visits", "n": 3}
    [req] = _Stub.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["auth"] == "Bearer sk-secret"
    body = req["body"]
    assert body["model"] == "qwen2.5:7b" and body["temperature"] == 0 and body["seed"] == 0
    assert body["messages"] == [{"role": "user", "content": "Name the theme."}]
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert "sk-secret" not in json.dumps(engine.params()) + engine.model_id


def test_openai_engine_sends_no_key_when_none_is_set(stub_server, monkeypatch):
    for var in ("OPENAI_API_KEY", "CONDENSE_OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    OpenAIEngine(stub_server, "m").complete_json("p", SCHEMA)
    assert _Stub.requests[0]["auth"] is None


def test_openai_engine_reports_server_errors_and_bad_answers(stub_server):
    _Stub.status = 500
    with pytest.raises(EngineError, match="HTTP 500"):
        OpenAIEngine(stub_server, "m").complete_json("p", SCHEMA)
    _Stub.status, _Stub.content = 200, json.dumps({"label": ""})
    with pytest.raises(EngineError, match="schema"):
        OpenAIEngine(stub_server, "m").complete_json("p", SCHEMA)


def test_openai_engine_reports_an_unreachable_server():
    with pytest.raises(EngineError, match="cannot reach"):
        OpenAIEngine("http://127.0.0.1:9/v1", "m", timeout=2).complete_json("p", SCHEMA)
