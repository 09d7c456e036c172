import Testing

@testable import ReachCore

@Suite struct PageRequestTests {
    @Test func defaultsAndCaps() {
        #expect(PageRequest(number: nil, size: nil, defaultSize: 25, maximumSize: 100) == PageRequest(number: 1, size: 25, defaultSize: 0, maximumSize: 100))
        #expect(PageRequest(number: 3, size: 500, defaultSize: 25, maximumSize: 100).size == 100)
        #expect(PageRequest(number: 3, size: 10, defaultSize: 25, maximumSize: 100).offset == 20)
        #expect(PageRequest(number: 0, size: 0, defaultSize: 25, maximumSize: 100) == PageRequest(number: 1, size: 1, defaultSize: 1, maximumSize: 1))
        // A page number far past any list must not overflow the row offset.
        #expect(PageRequest(number: .max, size: 100, defaultSize: 25, maximumSize: 100).offset > 0)
    }
}
