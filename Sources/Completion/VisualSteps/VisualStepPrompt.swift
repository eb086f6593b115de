import FlintAPI

/// The conversation a model reads with perceived visual steps: each image part becomes
/// a text part listing what was read in it, under a heading with its index (a model that
/// takes images, `keepImages`, gets the image and then its listing).
enum VisualStepPrompt {
    static func conversation(_ messages: [Message], book: ObservationBook, keepImages: Bool = false) -> [Message] {
        var index: UInt32 = 0
        return messages.map { message in
            var message = message
            message.parts = message.parts.flatMap { part -> [ContentPart] in
                guard case .image = part else { return [part] }
                defer { index += 1 }
                let listing = ContentPart.text(TextPart(text: book.listing(imageIndex: index)))
                return keepImages ? [part, listing] : [listing]
            }
            return message
        }
    }

    /// `text` fit for an observation: control characters made spaces, surrounding space
    /// trimmed, cut at a character so it is at most `maxBytes` UTF-8 bytes.
    static func observationText(_ text: String, maxBytes: Int) -> String {
        var out = ""
        var bytes = 0
        for character in text {
            let clean: Character = character.unicodeScalars.contains { $0.properties.generalCategory == .control } ? " " : character
            let size = clean.utf8.count
            guard bytes + size <= maxBytes else { break }
            out.append(clean)
            bytes += size
        }
        return out.trimmingCharacters(in: .whitespaces)
    }
}
