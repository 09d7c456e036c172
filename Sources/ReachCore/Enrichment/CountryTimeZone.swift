/// The time zone of a country whose clocks agree everywhere in it, from the country's name as
/// people write it or its ISO 3166 code; nil for a country with several zones or an unknown name.
public enum CountryTimeZone {
    public static func zone(forCountry text: String) -> String? {
        let key = normalized(text)
        guard !key.isEmpty else { return nil }
        return byName[key]
    }

    static let byName: [String: String] = {
        var table: [String: String] = [:]
        for (code, entry) in CountryTimeZones.byCode {
            table[normalized(code)] = entry.zone
            for name in entry.names { table[normalized(name)] = entry.zone }
        }
        return table
    }()

    /// Lower-cased letters and digits only, with a leading "the" dropped: "The Netherlands" and "netherlands" meet.
    static func normalized(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        if words.count > 1, words.first == "the" { words.removeFirst() }
        return words.joined()
    }
}
