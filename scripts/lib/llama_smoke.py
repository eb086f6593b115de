#!/usr/bin/env python3
"""Smoke test for the embedded model service (used by scripts/setup-model.sh).

Starts llama-server on a free loopback port with the flags Flint uses, waits for
/health, exercises the endpoints Flint relies on, prints answers and tokens/s, and
stops the server. Exits non-zero if the server does not come up or an answer is
malformed. Loopback only; every wait is bounded.

usage: llama_smoke.py LLAMA_SERVER MODEL_GGUF
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PROMPT = "The capital of France is"
HEALTH_TIMEOUT_S = 120
REQUEST_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(base, path, body=None, timeout=REQUEST_TIMEOUT_S):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method="GET" if body is None else "POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.status, json.loads(resp.read().decode())


def stream(base, path, body):
    """POST with stream=true; returns the list of decoded SSE data payloads."""
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    events = []
    with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT_S) as resp:
        content_type = resp.headers.get("Content-Type", "")
        for raw in resp:
            line = raw.decode().rstrip("\r\n")
            if not line.startswith("data: "):
                continue  # blank separators and ": ping" comments
            payload = line[len("data: "):]
            events.append(payload if payload == "[DONE]" else json.loads(payload))
    return content_type, events


def rate(timings, kind):
    return f"{timings.get(kind + '_n')} tokens in {timings.get(kind + '_ms', 0):.1f} ms = {timings.get(kind + '_per_second', 0):.1f} tok/s"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    server, model = sys.argv[1], sys.argv[2]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # One core less than the machine has (1 on a 2-core machine): with every core
    # busy, ggml's thread barriers stall whenever another process takes a core, and
    # generation drops from ~30 to ~3 tokens/s (see docs/EMBEDDED_MODEL.md).
    threads = str(max(1, (os.cpu_count() or 2) - 1))
    cmd = [server, "-m", model, "--host", "127.0.0.1", "--port", str(port),
           "-c", "8192", "-np", "2", "-t", threads, "--metrics", "--no-webui", "--log-colors", "off"]
    print("smoke: " + " ".join(cmd))
    log = tempfile.NamedTemporaryFile(prefix="llama-smoke-", suffix=".log", delete=False)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    failures = []
    try:
        # /health: 503 while loading, 200 {"status":"ok"} when ready.
        ready = False
        while time.monotonic() - started < HEALTH_TIMEOUT_S:
            if proc.poll() is not None:
                break
            try:
                status, body = request(base, "/health", timeout=5)
                if status == 200 and body.get("status") == "ok":
                    ready = True
                    break
            except (urllib.error.URLError, ConnectionError, OSError, ValueError):
                pass
            time.sleep(0.25)
        if not ready:
            print(f"smoke: FAILED: server not healthy (exit code {proc.poll()}); log: {log.name}")
            with open(log.name, errors="replace") as f:
                print("".join(f.readlines()[-30:]))
            return 1
        print(f"smoke: /health ok after {time.monotonic() - started:.2f} s")

        _, props = request(base, "/props")
        print(f"smoke: /props total_slots={props.get('total_slots')} n_ctx(per slot)="
              f"{props.get('default_generation_settings', {}).get('n_ctx')} build_info={props.get('build_info')!r}")

        _, tok = request(base, "/tokenize", {"content": PROMPT})
        print(f"smoke: /tokenize {PROMPT!r} -> {len(tok['tokens'])} tokens {tok['tokens']}")
        if not tok["tokens"]:
            failures.append("/tokenize returned no tokens")

        body = {"prompt": PROMPT, "n_predict": 16, "temperature": 0, "cache_prompt": False}
        _, c = request(base, "/completion", body)
        t = c.get("timings", {})
        print(f"smoke: /completion -> {c.get('content')!r}")
        print(f"smoke:   stop_type={c.get('stop_type')} tokens_evaluated={c.get('tokens_evaluated')} "
              f"tokens_predicted={c.get('tokens_predicted')}")
        print(f"smoke:   prompt: {rate(t, 'prompt')}; generation: {rate(t, 'predicted')}")
        if not c.get("content") or not t.get("predicted_n"):
            failures.append("/completion returned no content")

        ctype, events = stream(base, "/completion", dict(body, stream=True))
        text = "".join(e.get("content", "") for e in events if isinstance(e, dict))
        last = events[-1] if events else {}
        print(f"smoke: /completion stream ({ctype}): {len(events)} events, text={text!r}, "
              f"last stop={last.get('stop')} stop_type={last.get('stop_type')}")
        if text != c.get("content"):
            print("smoke:   note: streamed text differs from the non-streamed one")
        if not events or not last.get("stop"):
            failures.append("/completion stream did not end with stop=true")

        _, oc = request(base, "/v1/completions", {"prompt": PROMPT, "max_tokens": 16, "temperature": 0})
        print(f"smoke: /v1/completions -> {oc['choices'][0]['text']!r} finish_reason={oc['choices'][0].get('finish_reason')} "
              f"usage={oc.get('usage')}")
        if "timings" in oc:
            print(f"smoke:   generation: {rate(oc['timings'], 'predicted')}")

        ctype, oevents = stream(base, "/v1/completions", {"prompt": PROMPT, "max_tokens": 8, "temperature": 0, "stream": True})
        print(f"smoke: /v1/completions stream ({ctype}): {len(oevents)} events, ends with [DONE]: {oevents[-1:] == ['[DONE]']}")

        try:
            _, ch = request(base, "/v1/chat/completions",
                            {"messages": [{"role": "user", "content": "What is the capital of France?"}],
                             "max_tokens": 16, "temperature": 0})
            print(f"smoke: /v1/chat/completions -> {ch['choices'][0]['message'].get('content')!r} usage={ch.get('usage')}")
        except urllib.error.HTTPError as e:
            print(f"smoke: /v1/chat/completions -> HTTP {e.code} {e.read()[:200]!r} (base model; not required)")

        with urllib.request.urlopen(base + "/metrics", timeout=10) as resp:
            lines = [l for l in resp.read().decode().splitlines() if l.startswith("llamacpp:") and "tokens" in l]
        print("smoke: /metrics " + "; ".join(lines[:4]))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    if failures:
        print("smoke: FAILED: " + "; ".join(failures) + f" (server log: {log.name})")
        return 1
    os.unlink(log.name)
    print("smoke: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
