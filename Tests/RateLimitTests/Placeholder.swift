import Testing
@testable import RateLimit

@Test func moduleLinks() { #expect(Bool(true)) }
