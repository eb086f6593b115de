/// Image data is large and may be private: descriptions and mirrors show its size only.
extension ImagePart: MirrorDescribed {
    public var customMirror: Mirror {
        Mirror(
            self, children: ["data": Placeholder.bytes(data), "mediaType": mediaType],
            displayStyle: .struct)
    }
}
