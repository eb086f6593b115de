"""A slow OpenAI-compatible model backend on a loopback port, for the shutdown item.

GET /v1/models answers at once. POST /v1/completions with "stream": true streams
`max_tokens` one-token chunks, one every --token-interval seconds, then the usage and
[DONE]. A prompt starting with "firehose" streams 4 KB chunks as fast as the server
takes them (to fill the buffers of a client that stopped reading). Serves the same on
--ports ports; prints them on one line, then serves until killed. Bodies and headers are size-bounded.
"""

import argparse
import asyncio
import json

MAX_HEADER_BYTES = 16 * 1024
MAX_BODY_BYTES = 1024 * 1024


def chunk(data):
    data = data.encode()
    return b"%x\r\n%s\r\n" % (len(data), data)


def event(payload):
    return chunk("data: " + json.dumps(payload) + "\n\n")


async def stream_completion(writer, request, interval):
    prompt = request.get("prompt", "")
    tokens = int(request.get("max_tokens") or 16)
    firehose = isinstance(prompt, str) and prompt.startswith("firehose")
    text, delay = ("x" * 4096, 0.0) if firehose else (" tok", interval)
    writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
    for _ in range(tokens):
        writer.write(event({"choices": [{"index": 0, "text": text, "finish_reason": None}]}))
        await writer.drain()
        await asyncio.sleep(delay)
    writer.write(event({"choices": [{"index": 0, "text": "", "finish_reason": "length"}],
                        "usage": {"prompt_tokens": 5, "completion_tokens": tokens, "total_tokens": tokens + 5}}))
    writer.write(chunk("data: [DONE]\n\n") + b"0\r\n\r\n")
    await writer.drain()


def plain(writer, status, body):
    data = json.dumps(body).encode()
    writer.write(b"HTTP/1.1 %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
                 % (status.encode(), len(data), data))


async def serve(reader, writer, interval):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if len(head) > MAX_HEADER_BYTES:
                return
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
            length = int(headers.get("content-length", "0"))
            if length > MAX_BODY_BYTES:
                return
            body = await reader.readexactly(length) if length else b""
            if method == "GET" and path.startswith("/v1/models"):
                plain(writer, "200 OK", {"object": "list", "data": [{"id": "stub"}]})
            elif method == "POST" and path.startswith("/v1/completions"):
                request = json.loads(body or b"{}")
                if request.get("stream"):
                    await stream_completion(writer, request, interval)
                else:
                    tokens = int(request.get("max_tokens") or 16)
                    plain(writer, "200 OK", {"choices": [{"index": 0, "text": " tok" * tokens, "finish_reason": "length"}],
                                             "usage": {"prompt_tokens": 5, "completion_tokens": tokens,
                                                       "total_tokens": tokens + 5}})
            else:
                plain(writer, "404 Not Found", {"error": {"message": "not found"}})
            await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--token-interval", type=float, default=0.1)
    parser.add_argument("--ports", type=int, default=1, help="how many loopback ports to serve on")
    arguments = parser.parse_args()
    servers = [await asyncio.start_server(lambda r, w: serve(r, w, arguments.token_interval), "127.0.0.1", 0,
                                          limit=MAX_HEADER_BYTES)
               for _ in range(arguments.ports)]
    print(" ".join(str(server.sockets[0].getsockname()[1]) for server in servers), flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    asyncio.run(main())
