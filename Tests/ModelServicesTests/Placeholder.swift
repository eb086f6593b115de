import Testing
@testable import ModelServices

@Test func moduleLinks() { #expect(Bool(true)) }
