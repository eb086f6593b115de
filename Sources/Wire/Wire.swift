// The flint/1 wire protocol: TLS, frames, streams and protobuf-c messages.
public enum Wire {}
