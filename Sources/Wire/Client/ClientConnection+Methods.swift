import FlintAPI

extension ClientConnection {
    /// Makes one unary call of `method` (from the generated ``Methods``). Throws
    /// ``RPCError`` for any status but OK.
    public func unary<Request, Response>(
        _ method: MethodDescriptor<Request, Response>, request: Request, options: CallOptions = CallOptions()
    ) async throws -> UnaryResponse<Response> {
        precondition(method.streaming == .unary, "\(method.path) streams its responses; use call(_:request:options:onEvent:)")
        return try await unary(method.path, request: request, options: options, responseType: Response.self)
    }

    /// Makes a call of `method` (from the generated ``Methods``) and hands each response
    /// event to `onEvent`; returns the OK status or throws ``RPCError``.
    public func call<Request, Response>(
        _ method: MethodDescriptor<Request, Response>, request: Request, options: CallOptions = CallOptions(),
        onEvent: (ResponseEvent) async throws -> Void
    ) async throws -> RPCStatus {
        try await call(method.path, request: request, options: options, onEvent: onEvent)
    }
}
