import FlintAPI

/// A small chat request as a client sends it: a system prompt, one earlier turn and a question.
enum SampleMessages {
    static let completeRequest = CompleteRequest(
        model: "gemma-3-270m",
        systemPrompt: "You are a concise assistant.",
        messages: [
            Message(role: .user, parts: [.text(TextPart(text: "What is the capital of France?"))]),
            Message(role: .assistant, parts: [.text(TextPart(text: "Paris."))]),
            Message(role: .user, parts: [.text(TextPart(text: "And how many people live there, roughly?"))]),
        ],
        maxTokens: 64,
        temperature: 0.7
    )

    static let completeRequestBytes: [UInt8] = completeRequest.protobufBytes()

    /// The size of the encoded request, for the benchmarks' names.
    static var payloadDescription: String { "\(completeRequestBytes.count) B" }
}
