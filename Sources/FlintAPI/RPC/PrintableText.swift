/// Text from a request as it may appear in an error message or a log: cut to 200
/// characters, anything but printable ASCII replaced by "?".
public enum PrintableText {
    public static func of(_ text: String) -> String {
        let clean = String(text.unicodeScalars.prefix(200).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
        return text.unicodeScalars.count > 200 ? clean + "…" : clean
    }
}
