import FlintAPI

/// The files of a `google.protobuf.FileDescriptorSet` (proto/'s, ``DescriptorSet``) by
/// name and by the symbols they define (packages' messages, nested messages, enums,
/// services and methods, by full name), for server reflection.
struct DescriptorIndex: Sendable {
    struct File: Sendable {
        var name: String
        var bytes: [UInt8]
        var dependencies: [String]
    }

    private(set) var files: [String: File] = [:]
    private(set) var fileBySymbol: [String: String] = [:]
    /// Every service the set defines, by full name.
    private(set) var services: [String] = []

    /// Flint's own descriptor set, indexed once.
    static let flint: DescriptorIndex = (try? DescriptorIndex(setBytes: DescriptorSet.bytes)) ?? DescriptorIndex()

    init() {}

    init(setBytes: [UInt8]) throws(ProtobufFieldReader.Malformed) {
        var set = ProtobufFieldReader(setBytes[...])
        // FileDescriptorSet: repeated FileDescriptorProto file = 1.
        while let (field, value) = try set.next() {
            guard field == 1, case .bytes(let fileBytes) = value else { continue }
            try add(fileBytes)
        }
    }

    /// The file named `name` and every file it depends on, transitively, each once.
    func fileWithDependencies(_ name: String) -> [File] {
        var seen: Set<String> = []
        var ordered: [File] = []
        var pending = [name]
        while let next = pending.popLast() {
            guard !seen.contains(next), let file = files[next] else { continue }
            seen.insert(next)
            ordered.append(file)
            pending += file.dependencies
        }
        return ordered
    }

    // FileDescriptorProto: name = 1, package = 2, dependency = 3, message_type = 4,
    // enum_type = 5, service = 6. DescriptorProto: name = 1, nested_type = 3,
    // enum_type = 4. ServiceDescriptorProto: name = 1, method = 2; the others name = 1.
    private mutating func add(_ fileBytes: ArraySlice<UInt8>) throws(ProtobufFieldReader.Malformed) {
        var reader = ProtobufFieldReader(fileBytes)
        var name = "", package = ""
        var dependencies: [String] = []
        var symbols: [String] = []
        var messages: [ArraySlice<UInt8>] = [], enums: [ArraySlice<UInt8>] = [], fileServices: [ArraySlice<UInt8>] = []
        while let (field, value) = try reader.next() {
            switch (field, value) {
            case (1, _): name = value.string ?? ""
            case (2, _): package = value.string ?? ""
            case (3, _): dependencies.append(value.string ?? "")
            case (4, .bytes(let bytes)): messages.append(bytes)
            case (5, .bytes(let bytes)): enums.append(bytes)
            case (6, .bytes(let bytes)): fileServices.append(bytes)
            default: continue
            }
        }
        let prefix = package.isEmpty ? "" : package + "."
        if !package.isEmpty { symbols.append(package) }
        for message in messages { try Self.messageSymbols(message, prefix: prefix, into: &symbols) }
        for enumeration in enums { symbols.append(prefix + (try Self.name(of: enumeration))) }
        for service in fileServices {
            var reader = ProtobufFieldReader(service)
            var serviceName = ""
            var methods: [String] = []
            while let (field, value) = try reader.next() {
                if field == 1 { serviceName = value.string ?? "" }
                if field == 2, case .bytes(let method) = value { methods.append(try Self.name(of: method)) }
            }
            let fullName = prefix + serviceName
            services.append(fullName)
            symbols.append(fullName)
            symbols += methods.map { fullName + "." + $0 }
        }
        files[name] = File(name: name, bytes: Array(fileBytes), dependencies: dependencies)
        for symbol in symbols where fileBySymbol[symbol] == nil { fileBySymbol[symbol] = name }
    }

    private static func messageSymbols(_ bytes: ArraySlice<UInt8>, prefix: String, into symbols: inout [String]) throws(ProtobufFieldReader.Malformed) {
        var reader = ProtobufFieldReader(bytes)
        var name = ""
        var nested: [ArraySlice<UInt8>] = [], enums: [ArraySlice<UInt8>] = []
        while let (field, value) = try reader.next() {
            switch (field, value) {
            case (1, _): name = value.string ?? ""
            case (3, .bytes(let bytes)): nested.append(bytes)
            case (4, .bytes(let bytes)): enums.append(bytes)
            default: continue
            }
        }
        let fullName = prefix + name
        symbols.append(fullName)
        for message in nested { try messageSymbols(message, prefix: fullName + ".", into: &symbols) }
        for enumeration in enums { symbols.append(fullName + "." + (try Self.name(of: enumeration))) }
    }

    private static func name(of bytes: ArraySlice<UInt8>) throws(ProtobufFieldReader.Malformed) -> String {
        var reader = ProtobufFieldReader(bytes)
        while let (field, value) = try reader.next() {
            if field == 1 { return value.string ?? "" }
        }
        return ""
    }
}
