/// Puts a backend's native tool calls together: whole ones from a unary answer, or the
/// pieces a stream sends (`index` names the call, `id` and `name` come once, `arguments`
/// arrive in fragments to append). Bounded: a backend cannot grow it without limit.
struct ToolCallAssembly {
    /// Most calls in one answer.
    static let maximumCalls = 64
    /// Most bytes of all arguments together.
    static let maximumArgumentBytes = 1 << 20

    private var pieces: [Int: (id: String, name: String, arguments: String)] = [:]
    private var argumentBytes = 0

    mutating func add(_ piece: OpenAIResponse.ToolCallDelta) throws(ModelServiceError) {
        guard let index = piece.index, (0..<Self.maximumCalls).contains(index) else {
            throw .badResponse("a tool call of the backend has no index in 0..<\(Self.maximumCalls)")
        }
        var call = pieces[index] ?? (id: "", name: "", arguments: "")
        if let id = piece.id, !id.isEmpty { call.id = id }
        if let name = piece.function?.name, !name.isEmpty { call.name = name }
        if let fragment = piece.function?.arguments {
            argumentBytes += fragment.utf8.count
            guard argumentBytes <= Self.maximumArgumentBytes else {
                throw .badResponse("the backend's tool call arguments exceed \(Self.maximumArgumentBytes) bytes")
            }
            call.arguments += fragment
        }
        pieces[index] = call
    }

    /// The calls in index order. Ids the backend left out stay empty (the caller assigns
    /// its own ids anyway); arguments left out read as "{}".
    var calls: [ModelToolCall] {
        pieces.keys.sorted().compactMap { index in
            let piece = pieces[index]!
            return ModelToolCall(id: piece.id, name: piece.name, argumentsJSON: piece.arguments.isEmpty ? "{}" : piece.arguments)
        }
    }
}
