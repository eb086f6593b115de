/// How a request's system prompt, messages and raw prompt become what the backend receives.
///
/// Raw format (base models): a lone prompt, or a lone user message, is sent verbatim (after
/// the system prompt and a blank line, if any). Anything longer becomes a plain transcript —
/// `User: …`, `Assistant: …` paragraphs ending in `Assistant:` for the model to continue
/// (or ending in the last assistant message itself, which the model then continues).
///
/// Chat format: the system prompt becomes a leading system message, then the messages, then
/// the raw prompt (if any) as a last user message.
public enum PromptRendering {
    public static func rawPrompt(for request: ModelRequest) -> String {
        let preamble = request.systemPrompt.map { $0.isEmpty ? "" : $0 + "\n\n" } ?? ""
        var turns = request.messages
        if let prompt = request.prompt {
            if turns.isEmpty { return preamble + prompt }
            turns.append(ModelMessage(role: .user, text: prompt))
        }
        if turns.count == 1, turns[0].role == .user {
            return preamble + turns[0].text
        }
        let transcript = turns.map { "\(label(of: $0.role)): \($0.text)" }.joined(separator: "\n\n")
        if turns.last?.role == .assistant {
            return preamble + transcript
        }
        return preamble + transcript + "\n\nAssistant:"
    }

    public static func chatMessages(for request: ModelRequest) -> [ModelMessage] {
        var messages: [ModelMessage] = []
        if let system = request.systemPrompt, !system.isEmpty {
            messages.append(ModelMessage(role: .system, text: system))
        }
        messages += request.messages
        if let prompt = request.prompt {
            messages.append(ModelMessage(role: .user, text: prompt))
        }
        return messages
    }

    private static func label(of role: ModelMessage.Role) -> String {
        switch role {
        case .system: "System"
        case .user: "User"
        case .assistant: "Assistant"
        case .tool: "Tool"
        }
    }
}

/// Token counts without a tokenizer.
public enum TokenEstimate {
    /// The fallback usage count for backends without a tokenizer endpoint: UTF-8 bytes / 4,
    /// rounded up (about right for English with BPE vocabularies; high for code, low for CJK).
    public static func tokens(in text: String) -> Int {
        (text.utf8.count + 3) / 4
    }

    /// What admission reserves for a rendered prompt of `bytes` UTF-8 bytes: one token per
    /// byte, plus one for the beginning-of-sequence token. No tokenizer Flint fronts makes
    /// more than one token of a byte (byte-level BPE and SentencePiece with byte fallback
    /// both fall back to one token per byte; a special token is several bytes of the
    /// rendered template), so this never under-reserves, whatever the text: emoji, CJK or
    /// adversarial strings chosen to tokenize badly. Unused tokens go back at settlement.
    public static func reservation(forPromptBytes bytes: Int) -> UInt64 {
        UInt64(max(0, bytes)) + 1
    }
}
