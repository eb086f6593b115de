"""A real MCP server (the official Python SDK, Streamable HTTP) for Flint's tests.

Serves on 127.0.0.1 at a free port, which it prints as its first stdout line ("PORT <n>")
once it accepts requests.
--json answers requests with JSON bodies; otherwise with event streams. --token T answers
401 to every request without "Authorization: Bearer T". Its tools:
echo, lookup (structuredContent), fail (isError), image, broken_image, hang (never answers), die
(the process exits mid-call), huge (a 2 MB text), malformed (a cut-off JSON answer),
add_tool (adds the tool "added" and sends notifications/tools/list_changed),
forget_sessions (later requests of the session get 404); tools/list
answers them in pages of four.
"""

import argparse
import asyncio
import base64
import contextlib
import os
import socket
import sys

import mcp.types as types
import uvicorn
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

# A 1x1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def text_schema(field):
    return {"type": "object", "properties": {field: {"type": "string"}}, "required": [field]}


EMPTY = {"type": "object", "properties": {}}

app = Server("flint-test-tools")
state = {"added": False}


def all_tools():
    tools = [
        types.Tool(name="echo", description="Echoes its text.", inputSchema=text_schema("text")),
        types.Tool(name="lookup", description="Looks up an order.", inputSchema=text_schema("order_id")),
        types.Tool(name="fail", description="Always fails.", inputSchema=EMPTY),
        types.Tool(name="image", description="Returns a picture.", inputSchema=EMPTY),
        types.Tool(name="broken_image", description="Returns bytes that are no PNG.", inputSchema=EMPTY),
        types.Tool(name="hang", description="Never answers.", inputSchema=EMPTY),
        types.Tool(name="die", description="Exits mid-call.", inputSchema=EMPTY),
        types.Tool(name="huge", description="Answers 2 MB.", inputSchema=EMPTY),
        types.Tool(name="malformed", description="Answers broken JSON.", inputSchema=EMPTY),
        types.Tool(name="add_tool", description="Adds a tool.", inputSchema=EMPTY),
        types.Tool(name="forget_sessions", description="Forgets every session.", inputSchema=EMPTY),
    ]
    if state["added"]:
        tools.append(types.Tool(name="added", description="Added at run time.", inputSchema=EMPTY))
    return tools


PAGE = 4


async def list_tools(request):
    """tools/list in pages of PAGE tools: the cursor is the offset of the next page. The SDK
    also calls this itself, with no request, to cache the tools: it gets them all."""
    if request is None:
        return types.ServerResult(types.ListToolsResult(tools=all_tools()))
    cursor = request.params.cursor if request.params else None
    start = int(cursor) if cursor else 0
    tools = all_tools()
    following = str(start + PAGE) if start + PAGE < len(tools) else None
    return types.ServerResult(types.ListToolsResult(tools=tools[start : start + PAGE], nextCursor=following))


app.request_handlers[types.ListToolsRequest] = list_tools


@app.call_tool(validate_input=False)
async def call_tool(name, arguments):
    if name == "echo":
        return [types.TextContent(type="text", text="echo: " + arguments["text"])]
    if name == "lookup":
        order = arguments["order_id"]
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=f"order {order}")],
            structuredContent={"order_id": order, "status": "shipped", "eta_days": 3},
        )
    if name == "fail":
        return types.CallToolResult(content=[types.TextContent(type="text", text="order database is offline")], isError=True)
    if name == "image":
        return [types.ImageContent(type="image", data=base64.b64encode(PIXEL).decode(), mimeType="image/png")]
    if name == "broken_image":
        return [types.ImageContent(type="image", data=base64.b64encode(b"not a png").decode(), mimeType="image/png")]
    if name == "hang":
        await asyncio.sleep(3600)
    if name == "die":
        os._exit(3)
    if name == "huge":
        return [types.TextContent(type="text", text="x" * (2 << 20))]
    if name == "add_tool":
        state["added"] = True
        context = app.request_context
        await context.session.send_notification(
            types.ServerNotification(types.ToolListChangedNotification(method="notifications/tools/list_changed")),
            related_request_id=context.request_id,
        )
        return [types.TextContent(type="text", text="added")]
    if name == "forget_sessions":
        # Later requests with the old Mcp-Session-Id get 404, as after a server restart.
        state["manager"]._server_instances.clear()
        return [types.TextContent(type="text", text="forgotten")]
    if name == "added":
        return [types.TextContent(type="text", text="the added tool ran")]
    raise ValueError(f"unknown tool {name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--token")
    options = parser.parse_args()
    manager = StreamableHTTPSessionManager(app=app, json_response=options.json)
    state["manager"] = manager

    async def handle(scope, receive, send):
        if scope["type"] == "lifespan":
            message = await receive()
            async with manager.run():
                # The port is printed once the session manager runs and the socket listens,
                # so a test's first request never races the start.
                sock.listen(64)
                print(f"PORT {sock.getsockname()[1]}", flush=True)
                await send({"type": "lifespan.startup.complete"})
                await receive()
                await send({"type": "lifespan.shutdown.complete"})
            return
        expected = f"Bearer {options.token}".encode() if options.token else None
        if expected is not None and dict(scope.get("headers", [])).get(b"authorization") != expected:
            await send({"type": "http.response.start", "status": 401, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"unauthorized"})
            return
        body = b""
        messages = []
        while True:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if b'"name":"malformed"' in body.replace(b" ", b""):
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": b'{"jsonrpc": "2.0", "id": '})
            return
        replay = iter(messages)

        async def again():
            with contextlib.suppress(StopIteration):
                return next(replay)
            return await receive()

        await manager.handle_request(scope, again, send)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(handle, log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    sys.exit(main())
