"""A Flint client in a few lines: stock grpcio and stubs generated from proto/.

    python flint_client.py --host 127.0.0.1:8443 --ca ~/.local/share/flint/tls/ca.pem "Why is the sky blue?"

The API key comes from FLINT_API_KEY. See README.md here for generating the stubs.
"""
import argparse
import os
import sys

import grpc
from grpc_status import rpc_status
from google.rpc import error_details_pb2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))
from flint.v1 import inference_pb2, inference_pb2_grpc  # noqa: E402


def request(prompt, max_tokens):
    text = inference_pb2.ContentPart(text=inference_pb2.TextPart(text=prompt))
    return inference_pb2.CompleteRequest(
        messages=[inference_pb2.Message(role=inference_pb2.ROLE_USER, parts=[text])], max_tokens=max_tokens
    )


def retry_delay(error):
    """The server's RetryInfo delay in seconds, if it sent one."""
    status = rpc_status.from_call(error)
    for detail in status.details if status else []:
        if detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            info = error_details_pb2.RetryInfo()
            detail.Unpack(info)
            return info.retry_delay.seconds + info.retry_delay.nanos / 1e9
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1:8443")
    parser.add_argument("--ca", required=True, help="the server's CA certificate (PEM)")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("prompt")
    args = parser.parse_args()

    with open(args.ca, "rb") as f:
        credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
    metadata = [("authorization", "Bearer " + os.environ["FLINT_API_KEY"])]
    with grpc.secure_channel(args.host, credentials) as channel:
        stub = inference_pb2_grpc.InferenceStub(channel)
        try:
            # Unary: one answer.
            response, call = stub.Complete.with_call(request(args.prompt, args.max_tokens), metadata=metadata, timeout=60)
            print("".join(part.text.text for part in response.content if part.HasField("text")))
            quota = dict(call.initial_metadata())
            print(f"[{response.usage.output_tokens} tokens; {quota.get('x-ratelimit-remaining-requests')} requests left]")

            # Streaming: the same prompt, text as it is written.
            for event in stub.StreamComplete(request(args.prompt, args.max_tokens), metadata=metadata, timeout=60):
                if event.HasField("text_delta"):
                    print(event.text_delta.text, end="", flush=True)
            print()
        except grpc.RpcError as error:
            delay = retry_delay(error)
            hint = f" (retry in {delay:.1f} s)" if delay is not None else ""
            sys.exit(f"{error.code().name}: {error.details()}{hint}")


if __name__ == "__main__":
    main()
