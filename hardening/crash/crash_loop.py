"""Crash loop: SIGKILL the release apiserver at random moments while calls stream and keys
are issued and revoked, restart it on the same data directory, and check what survived.

Per kill:
- PRAGMA integrity_check is "ok" for keys.sqlite and usage.sqlite;
- every key issue and revoke the client saw acknowledged is in the key store;
- every call acknowledged more than the loss bound before the kill has its usage row, and
  there are never more OK rows than calls made (each at most once);
- a key whose daily token cap was exhausted (and saved) before the first kill is still
  refused after every restart.
Writes tab-separated figures (figure, measured, target, verdict) to --results.
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import threading
import time

LOSS_BOUND_S = 1.5  # the usage ledger flushes every second; a margin for the kill itself


class Flint:
    def __init__(self, args, data, port):
        self.args, self.data, self.port = args, data, port
        self.process = None

    def client(self, *command, key=None, timeout=20):
        environment = dict(os.environ, FLINT_DATA_DIR=self.data)
        environment.pop("FLINT_API_KEY", None)
        if key:
            environment["FLINT_API_KEY"] = key
        return subprocess.run(
            [self.args.apiclient, *command, "--endpoint", f"127.0.0.1:{self.port}", "--ca", f"{self.data}/tls/ca.pem"],
            capture_output=True, text=True, env=environment, timeout=timeout)

    def start(self, log):
        self.process = subprocess.Popen(
            [self.args.apiserver, "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data, "--models", self.args.models,
             "--log-level", "warning"], stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"apiserver exited at start with status {self.process.returncode}")
            if os.path.exists(f"{self.data}/tls/ca.pem"):
                try:
                    if self.client("health", "--service", "flint.v1.Health", timeout=5).returncode == 0:
                        return
                except subprocess.TimeoutExpired:
                    pass
            time.sleep(0.1)
        raise SystemExit("apiserver did not answer Health within 60 s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def integrity(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
        return database.execute("PRAGMA integrity_check").fetchone()[0]


def complete(flint, key, prompt="hi", max_tokens=5):
    return flint.client("complete", "--prompt", prompt, "--model", "stub", "--max-tokens", str(max_tokens), "--json", key=key)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apiserver", required=True)
    parser.add_argument("--apiclient", required=True)
    parser.add_argument("--models", required=True, help="models file naming model 'stub'")
    parser.add_argument("--work", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--results", required=True)
    args = parser.parse_args()

    data = f"{args.work}/data"
    flint = Flint(args, data, args.port)
    log = open(f"{args.work}/apiserver.log", "ab")
    random.seed(int(os.environ.get("HARDENING_SEED", "9")))
    failures = {"integrity": [], "keys": [], "usage": [], "bucket": [], "start": []}
    issued, revoked = [], []  # acknowledged key ids
    kills = 0

    # The exhausted bucket: a daily cap of 10 tokens, spent by one call (5 prompt + 5 output).
    flint.start(log)
    quota_key = json.loads(flint.client("keys", "issue", "--partner", "crash", "--name", "capped", "--scopes", "inference",
                                        "--daily-tokens", "10", "--json").stdout)
    exhausted_at = time.time()
    first = complete(flint, quota_key["api_key"])
    denied = complete(flint, quota_key["api_key"])
    if first.returncode != 0 or "RESOURCE_EXHAUSTED" not in (denied.stdout + denied.stderr):
        failures["bucket"].append("could not exhaust the capped key before the loop")
    state = f"{data}/ratelimit.json"
    deadline = time.monotonic() + 30
    while not (os.path.exists(state) and os.path.getmtime(state) > exhausted_at + 0.5) and time.monotonic() < deadline:
        time.sleep(0.2)
    flint.kill()

    for round_index in range(args.kills):
        try:
            flint.start(log)
        except SystemExit as error:
            failures["start"].append(f"round {round_index}: {error}")
            break
        denied = complete(flint, quota_key["api_key"])
        if "RESOURCE_EXHAUSTED" not in (denied.stdout + denied.stderr):
            failures["bucket"].append(f"round {round_index}: the exhausted key was served ({denied.returncode})")
        caller = json.loads(flint.client("keys", "issue", "--partner", "crash", "--name", f"calls{round_index}",
                                         "--scopes", "inference", "--json").stdout)
        lock = threading.Lock()
        acknowledged, started = [], [0]
        stop = threading.Event()

        def calls():
            while not stop.is_set():
                with lock:
                    started[0] += 1
                try:
                    result = complete(flint, caller["api_key"])
                except subprocess.TimeoutExpired:
                    continue
                if result.returncode == 0:
                    with lock:
                        acknowledged.append(time.time())

        def key_changes():
            while not stop.is_set():
                try:
                    made = flint.client("keys", "issue", "--partner", "crash", "--name", "churn", "--scopes", "inference", "--json")
                    if made.returncode != 0:
                        continue
                    key_id = json.loads(made.stdout)["id"]
                    with lock:
                        issued.append(key_id)
                    if flint.client("keys", "revoke", key_id, "--json").returncode == 0:
                        with lock:
                            revoked.append(key_id)
                except subprocess.TimeoutExpired:
                    continue

        workers = [threading.Thread(target=calls) for _ in range(4)] + [threading.Thread(target=key_changes)]
        for worker in workers:
            worker.start()
        time.sleep(random.uniform(0.3, 2.0))
        killed_at = time.time()
        flint.kill()
        kills += 1
        stop.set()
        for worker in workers:
            worker.join(timeout=30)

        for name in ("keys.sqlite", "usage.sqlite"):
            verdict = integrity(f"{data}/{name}")
            if verdict != "ok":
                failures["integrity"].append(f"round {round_index}: {name}: {verdict}")
        with sqlite3.connect(f"file:{data}/keys.sqlite?mode=ro", uri=True) as database:
            present = {row[0]: row[1] for row in database.execute("SELECT id, revoked_at FROM keys")}
        with lock:
            missing = [key for key in issued if key not in present]
            unrevoked = [key for key in revoked if present.get(key) is None]
        if missing or unrevoked:
            failures["keys"].append(f"round {round_index}: {len(missing)} issued keys missing, {len(unrevoked)} revocations lost")
        with sqlite3.connect(f"file:{data}/usage.sqlite?mode=ro", uri=True) as database:
            rows = database.execute("SELECT count(*) FROM usage WHERE key_id = ? AND status_code = 0", (caller["id"],)).fetchone()[0]
        with lock:
            safe = sum(1 for at in acknowledged if at < killed_at - LOSS_BOUND_S)
            made = started[0]
        if not safe <= rows <= made:
            failures["usage"].append(f"round {round_index}: {rows} OK rows for {safe} calls acknowledged before the bound, {made} made")

    with open(args.results, "w") as results:
        def figure(name, measured, target, ok):
            results.write(f"{name}\t{measured}\t{target}\t{'PASS' if ok else 'FAIL'}\n")
        figure("SIGKILLs during calls and key changes", kills, f"{args.kills}", kills == args.kills and not failures["start"])
        figure("integrity_check not ok", len(failures["integrity"]), "0", not failures["integrity"])
        figure("acknowledged key changes lost", len(failures["keys"]), "0 rounds", not failures["keys"])
        figure(f"acknowledged calls without their usage row (beyond {LOSS_BOUND_S} s), or rows twice",
               len(failures["usage"]), "0 rounds", not failures["usage"])
        figure("an exhausted daily cap served after a restart", len(failures["bucket"]), "0 rounds", not failures["bucket"])
    for kind, entries in failures.items():
        for entry in entries[:5]:
            print(f"{kind}: {entry}")


if __name__ == "__main__":
    main()
