import Testing
@testable import Auth

@Test func moduleLinks() { #expect(Bool(true)) }
