"""Slow and idle clients against a running apiserver (loopback only).

Connections, each from a 127.x.y.z source address:
  silent      finish TLS, then send nothing          -> closed at the handshake timeout
  drip-start  finish TLS, then one preface byte every 9 s  -> closed at the handshake timeout
  drip-frame  preface + SETTINGS, then one byte of a HEADERS frame every 9 s
                                                      -> closed at the idle timeout
  hold        preface + SETTINGS + HEADERS (Health/Check), never the MESSAGE
                                                      -> TRAILERS DEADLINE_EXCEEDED at the
                                                         request timeout, closed an idle
                                                         timeout later
  flood       one address opening more than the per-address cap, each sending preface +
              SETTINGS: at most the cap get the server's SETTINGS, the rest are refused
  global      afterwards, more than the global cap from addresses each under theirs, each
              sending preface + SETTINGS: exactly the cap get the server's SETTINGS
Connections are opened at 150 a second, at most 64 handshakes at a time. Meanwhile the
server's open descriptors are sampled, and a legitimate client (legit_probe.py,
its own process, from 127.0.0.1) measures Health/Check latency, as it did unloaded before.
Writes one line per figure to --results: figure, measured, target, PASS|FAIL (tab-separated).
"""

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import flint_wire  # noqa: E402

DRIP_INTERVAL = 9.0
HANDSHAKES_AT_ONCE = 64
# Connections are opened at this pace: holding them is the attack, not opening them fast,
# and an unpaced storm of handshakes would measure this tool's own CPU use on the same cores.
CONNECTIONS_PER_SECOND = 150.0


class Gate:
    """Paces new connections CONNECTIONS_PER_SECOND apart, HANDSHAKES_AT_ONCE at most."""

    def __init__(self):
        self.next_start = time.monotonic()
        self.handshakes = asyncio.Semaphore(HANDSHAKES_AT_ONCE)

    async def wait_turn(self):
        start = max(self.next_start, time.monotonic())
        self.next_start = start + 1.0 / CONNECTIONS_PER_SECOND
        await asyncio.sleep(start - time.monotonic())


class Outcome:
    def __init__(self, kind):
        self.kind = kind
        self.opened = False        # TLS finished (and, where it sends them, SETTINGS read)
        self.refused = False       # closed by the server before TLS finished
        self.closed_after = None   # seconds from the moment its timer started to the close
        self.trailers = None       # hold: (code, seconds after HEADERS)
        self.error = None


async def open_connection(arguments, context, source, gate, outcome):
    await gate.wait_turn()
    async with gate.handshakes:
        try:
            return await flint_wire.Connection.open("127.0.0.1", arguments.port, context, source=source)
        except flint_wire.CLOSED + (asyncio.TimeoutError,) as error:
            outcome.refused = True
            outcome.error = type(error).__name__
            return None


async def silent(arguments, context, source, gate, outcome, drip=False):
    connection = await open_connection(arguments, context, source, gate, outcome)
    if connection is None:
        return
    outcome.opened = True
    started = time.monotonic()
    limit = arguments.handshake_timeout + arguments.slack + 5
    dripper = asyncio.ensure_future(drip_bytes(connection, flint_wire.PREFACE)) if drip else None
    try:
        await flint_wire.wait_closed_by_server(connection.reader, limit)
        outcome.closed_after = time.monotonic() - started
    except asyncio.TimeoutError:
        outcome.error = "still open"
    finally:
        if dripper:
            dripper.cancel()
        connection.close()


async def drip_bytes(connection, data):
    for index in range(len(data)):
        await asyncio.sleep(DRIP_INTERVAL)
        try:
            connection.writer.write(data[index:index + 1])
            await connection.writer.drain()
        except flint_wire.CLOSED:
            return


async def started_connection(arguments, context, source, gate, outcome):
    connection = await open_connection(arguments, context, source, gate, outcome)
    if connection is None:
        return None
    try:
        await connection.start()
    except flint_wire.CLOSED + (asyncio.TimeoutError, flint_wire.ProtocolError) as error:
        outcome.refused = True
        outcome.error = type(error).__name__
        connection.close()
        return None
    outcome.opened = True
    return connection


async def drip_frame(arguments, context, source, gate, outcome):
    connection = await started_connection(arguments, context, source, gate, outcome)
    if connection is None:
        return
    started = time.monotonic()
    headers = flint_wire.frame(flint_wire.HEADERS, 1, flint_wire.request_headers(flint_wire.HEALTH_CHECK))
    dripper = asyncio.ensure_future(drip_bytes(connection, headers))
    try:
        await flint_wire.wait_closed_by_server(connection.reader, arguments.idle_timeout + arguments.slack + 5)
        outcome.closed_after = time.monotonic() - started
    except asyncio.TimeoutError:
        outcome.error = "still open"
    finally:
        dripper.cancel()
        connection.close()


async def hold(arguments, context, source, gate, outcome):
    connection = await started_connection(arguments, context, source, gate, outcome)
    if connection is None:
        return
    connection.writer.write(flint_wire.frame(flint_wire.HEADERS, 1, flint_wire.request_headers(flint_wire.HEALTH_CHECK)))
    await connection.writer.drain()
    started = time.monotonic()
    limit = arguments.request_timeout + arguments.idle_timeout + arguments.slack + 5
    try:
        async def until_closed():
            while True:
                try:
                    frame_type, _, stream_id, payload = await flint_wire.read_frame(connection.reader)
                except flint_wire.CLOSED:
                    return
                if frame_type == flint_wire.TRAILERS and stream_id == 1:
                    outcome.trailers = (flint_wire.status(payload)[0], time.monotonic() - started)
        await asyncio.wait_for(until_closed(), limit)
        outcome.closed_after = time.monotonic() - started
    except asyncio.TimeoutError:
        outcome.error = "still open"
    finally:
        connection.close()


async def flood(arguments, context, source, gate, outcome, release):
    connection = await started_connection(arguments, context, source, gate, outcome)
    if connection is None:
        return
    try:
        await asyncio.wait_for(release.wait(), arguments.idle_timeout + arguments.slack + 5)
    except asyncio.TimeoutError:
        pass
    connection.close()


async def settled_descriptors(arguments, idle):
    """The server's descriptors once they are back to idle + 2, or at a bounded wait."""
    deadline = time.monotonic() + arguments.slack + 5
    count = flint_wire.descriptors(arguments.pid)
    while count > idle + 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.25)
        count = flint_wire.descriptors(arguments.pid)
    return count


async def over_global_cap(arguments, context, gate):
    """--global-extra more connections than --max-connections, from addresses each under
    the per-address cap, each sending preface and SETTINGS and then holding on: how many the
    server takes."""
    attempts = arguments.max_connections + arguments.global_extra
    per_address = arguments.per_address - 10
    addresses = [f"127.0.11.{index + 1}" for index in range(-(-attempts // per_address))]
    release = asyncio.Event()
    outcomes = [Outcome("global") for _ in range(attempts)]
    tasks = [asyncio.ensure_future(flood(arguments, context, addresses[index % len(addresses)], gate, outcome, release))
             for index, outcome in enumerate(outcomes)]
    deadline = time.monotonic() + attempts / CONNECTIONS_PER_SECOND + 30
    while not all(o.opened or o.refused for o in outcomes) and time.monotonic() < deadline:
        await asyncio.sleep(0.25)
    accepted = sum(1 for o in outcomes if o.opened)
    release.set()
    await asyncio.gather(*tasks)
    return accepted, attempts


async def sample_descriptors(pid, samples, stop):
    while not stop.is_set():
        try:
            samples.append(flint_wire.descriptors(pid))
        except OSError:
            return
        await asyncio.sleep(0.25)


def start_probe(arguments, seconds):
    return subprocess.Popen(
        [sys.executable, os.path.join(os.path.dirname(__file__), "legit_probe.py"),
         "--port", str(arguments.port), "--ca", arguments.ca, "--seconds", str(seconds)],
        stdout=subprocess.PIPE)


def probe_result(process, seconds):
    out, _ = process.communicate(timeout=seconds + 30)
    return json.loads(out)


async def run(arguments):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    context = flint_wire.tls_context(arguments.ca)
    gate = Gate()

    idle_descriptors = flint_wire.descriptors(arguments.pid)
    baseline = probe_result(start_probe(arguments, arguments.probe_seconds), arguments.probe_seconds)

    connections = arguments.per_address + arguments.flood_extra + arguments.silent + arguments.drip + arguments.hold
    load_seconds = connections / CONNECTIONS_PER_SECOND + arguments.request_timeout + arguments.idle_timeout
    loaded_probe = start_probe(arguments, load_seconds)
    samples, stop_sampling = [], asyncio.Event()
    sampler = asyncio.ensure_future(sample_descriptors(arguments.pid, samples, stop_sampling))
    release_flood = asyncio.Event()

    outcomes, tasks = [], []

    def add(kind, count, addresses, start):
        for index in range(count):
            outcome = Outcome(kind)
            outcomes.append(outcome)
            tasks.append(asyncio.ensure_future(start(outcome, addresses[index % len(addresses)])))

    flood_attempts = arguments.per_address + arguments.flood_extra
    add("flood", flood_attempts, ["127.0.9.1"],
        lambda o, a: flood(arguments, context, a, gate, o, release_flood))
    add("silent", arguments.silent, ["127.0.1.1", "127.0.1.2", "127.0.1.3", "127.0.1.4"],
        lambda o, a: silent(arguments, context, a, gate, o))
    add("drip-start", arguments.drip // 2, ["127.0.2.1"],
        lambda o, a: silent(arguments, context, a, gate, o, drip=True))
    add("drip-frame", arguments.drip - arguments.drip // 2, ["127.0.2.2"],
        lambda o, a: drip_frame(arguments, context, a, gate, o))
    add("hold", arguments.hold, ["127.0.3.1"],
        lambda o, a: hold(arguments, context, a, gate, o))

    others = [t for t, o in zip(tasks, outcomes) if o.kind != "flood"]
    await asyncio.gather(*others)
    release_flood.set()
    await asyncio.gather(*tasks)
    loaded = probe_result(loaded_probe, load_seconds)

    after = await settled_descriptors(arguments, idle_descriptors)
    accepted_globally, global_attempts = await over_global_cap(arguments, context, gate)
    stop_sampling.set()
    await sampler

    figures = flint_wire.Figures()
    row = figures.add

    def closes(kind, timeout, what):
        group = [o for o in outcomes if o.kind == kind]
        opened = [o for o in group if o.opened]
        closed = [o.closed_after for o in opened if o.closed_after is not None]
        late = [c for c in closed if c > timeout + arguments.slack]
        slowest = max(closed) if closed else float("nan")
        ok = len(opened) == len(group) and len(closed) == len(opened) and not late
        measured = f"{len(closed)}/{len(group)} closed, max {slowest:.1f} s"
        if len(opened) < len(group):
            measured += f", {len(group) - len(opened)} refused"
        row(f"{len(group)} {what}: closed by the server", measured,
            f"all, <= {timeout + arguments.slack:g} s", ok)

    closes("silent", arguments.handshake_timeout, "silent after TLS")
    closes("drip-start", arguments.handshake_timeout, "dripping the preface (1 B/9 s)")
    closes("drip-frame", arguments.idle_timeout, "dripping a frame after SETTINGS")
    holds = [o for o in outcomes if o.kind == "hold"]
    deadline_hits = [o.trailers[1] for o in holds if o.trailers and o.trailers[0] == 4]
    slowest_trailers = max(deadline_hits) if deadline_hits else float("nan")
    row(f"{len(holds)} holding a stream (HEADERS, no MESSAGE): DEADLINE_EXCEEDED",
        f"{len(deadline_hits)}/{len(holds)}, max {slowest_trailers:.1f} s",
        f"all, <= {arguments.request_timeout + arguments.slack:g} s",
        len(deadline_hits) == len(holds) and slowest_trailers <= arguments.request_timeout + arguments.slack)
    closes("hold", arguments.request_timeout + arguments.idle_timeout, "holding a stream")

    flooders = [o for o in outcomes if o.kind == "flood"]
    accepted = sum(1 for o in flooders if o.opened)
    row(f"one address opening {flood_attempts} connections: accepted",
        str(accepted), f"= cap {arguments.per_address}", accepted == arguments.per_address)

    peak = max(samples) if samples else 0
    # A connection over a cap is refused by closing it as it is accepted, so it holds a
    # descriptor for that moment; the periodic state save holds one or two files open. Both
    # are a few descriptors beside the cap, never more.
    refusal_slack = 8
    descriptor_cap = arguments.max_connections + idle_descriptors + refusal_slack
    row("server descriptors, peak under load", f"{peak} (idle {idle_descriptors})",
        f"<= {descriptor_cap} (cap + idle + {refusal_slack})", 0 < peak <= descriptor_cap)
    row("server descriptors after the load", str(after), f"<= {idle_descriptors + 2} (idle + 2)",
        after <= idle_descriptors + 2)
    row(f"then {global_attempts} connections from {-(-global_attempts // (arguments.per_address - 10))} addresses: accepted",
        str(accepted_globally), f"= cap {arguments.max_connections}", accepted_globally == arguments.max_connections)

    unloaded_p99 = flint_wire.percentile(baseline["latencies_ms"], 99)
    loaded_p99 = flint_wire.percentile(loaded["latencies_ms"], 99)
    row("legitimate client Health p99 under load",
        f"{loaded_p99:.2f} ms (unloaded {unloaded_p99:.2f})", f"<= {2 * unloaded_p99:.2f} ms (2x)",
        loaded_p99 <= 2 * unloaded_p99 and loaded["errors"] == 0 and baseline["errors"] == 0)
    row("legitimate client failed calls", f"{loaded['errors']} of {len(loaded['latencies_ms']) + loaded['errors']}",
        "0", loaded["errors"] == 0)

    figures.write(arguments.results)
    summary = {kind: {"count": sum(1 for o in outcomes if o.kind == kind),
                      "errors": sorted({o.error for o in outcomes if o.kind == kind and o.error})}
               for kind in ("silent", "drip-start", "drip-frame", "hold", "flood")}
    print(json.dumps({"summary": summary, "descriptor_samples": samples[::8],
                      "unloaded_p50": flint_wire.percentile(baseline["latencies_ms"], 50),
                      "loaded_p50": flint_wire.percentile(loaded["latencies_ms"], 50)}, indent=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    flint_wire.add_server_arguments(parser)
    parser.add_argument("--handshake-timeout", type=float, required=True)
    parser.add_argument("--idle-timeout", type=float, required=True)
    parser.add_argument("--request-timeout", type=float, required=True)
    parser.add_argument("--max-connections", type=int, required=True)
    parser.add_argument("--per-address", type=int, required=True)
    parser.add_argument("--silent", type=int, default=1000)
    parser.add_argument("--drip", type=int, default=100)
    parser.add_argument("--hold", type=int, default=100)
    parser.add_argument("--flood-extra", type=int, default=100)
    parser.add_argument("--global-extra", type=int, default=50)
    parser.add_argument("--slack", type=float, default=3.0)
    parser.add_argument("--probe-seconds", type=float, default=10.0)
    arguments = parser.parse_args()
    asyncio.run(run(arguments))


if __name__ == "__main__":
    main()
