import FlintAPI
import Wire

/// One connection to the server and the key every call on it carries. Failures come out
/// as ``CLIError``: `<CODE>: <message>` for a call the server refused.
struct APISession {
    let client: ClientConnection
    let options: CallOptions
    let credential: Credential?

    /// Makes one unary call and returns its response message.
    func unary<Request, Response>(_ method: MethodDescriptor<Request, Response>, _ request: Request) async throws -> Response {
        do {
            return try await client.unary(method, request: request, options: options).message
        } catch let error as RPCError {
            throw explained(error)
        } catch {
            throw CLIError("\(method.path) failed: \(error)")
        }
    }

    /// An UNAUTHENTICATED status says nothing of why; say which key was sent, if any.
    private func explained(_ error: RPCError) -> CLIError {
        let failure = CLIError(error)
        guard error.code == .unauthenticated else { return failure }
        guard let credential else {
            return CLIError(failure.description + " (no API key: pass --key or set FLINT_API_KEY)")
        }
        return CLIError(failure.description + " (\(credential))")
    }
}

extension ConnectionOptions {
    /// Connects, runs `body` with a session carrying the key `auth` names, and closes the
    /// connection on every path.
    func withSession<Value>(_ auth: AuthOptions, _ body: (APISession) async throws -> Value) async throws -> Value {
        let (host, _) = try hostAndPort()
        let credential = try auth.credential(host: host, environment: environment)
        let client = try await connect()
        var options = callOptions
        options.apiKey = credential?.key
        let session = APISession(client: client, options: options, credential: credential)
        do {
            let result = try await body(session)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }
}
