import Testing

@testable import FlintAPI

@Suite struct ProtobufSchemaTests {
    @Test("no message contains itself, so protobuf-c's recursive unpack stays shallow")
    func noRecursiveMessages() {
        #expect(ProtobufSchema.firstCycle() == nil)
    }

    @Test("the services offer the methods of the API surface")
    func methods() {
        #expect(
            ProtobufSchema.methodPaths == [
                "/flint.v1.Inference/Complete", "/flint.v1.Inference/StreamComplete",
                "/flint.v1.Inference/CountTokens", "/flint.v1.Inference/ListModels",
                "/flint.v1.Inference/ListTools", "/flint.v1.Agents/Run",
                "/flint.v1.Admin/IssueKey", "/flint.v1.Admin/ListKeys", "/flint.v1.Admin/RevokeKey",
                "/flint.v1.Admin/RotateKey", "/flint.v1.Admin/SetQuota", "/flint.v1.Admin/GetUsage",
                "/flint.v1.Health/Check",
            ])
    }
}
