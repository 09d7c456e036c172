import Foundation

/// When an out-of-office says its sender is back: the first date written after a cue word
/// ("until", "bis", "jusqu'au", "hasta el"), in the forms people type in the four languages.
extension ReplyClassifier {
    static func returnDate(in mail: InboundMail) -> Date? {
        let body = mail.newText.isEmpty ? mail.text : mail.newText
        let words = String(normalized(mail.subject + "\n" + body)).split(separator: " ").map(trimmedWord).filter { !$0.isEmpty }
        let reference = mail.date ?? Date()
        for index in words.indices {
            for cue in returnCues where words[index...].starts(with: cue.words) {
                let first = index + cue.words.count
                // A weekday or article may stand between cue and date: "until Thursday, the 3rd of December".
                for start in first..<min(first + 4, words.count) {
                    if let day = calendarDay(in: words, at: start, monthFirst: cue.language == "en"), let date = day.date(onOrAfter: reference) {
                        return date
                    }
                }
            }
        }
        return nil
    }

    static let returnCues: [(words: [String], language: String)] = [
        (["until"], "en"), (["back", "on"], "en"), (["return", "on"], "en"), (["returning", "on"], "en"), (["back"], "en"),
        (["bis"], "de"), (["ab"], "de"), (["zurück", "am"], "de"),
        (["jusqu'au"], "fr"), (["de", "retour", "le"], "fr"), (["retour", "le"], "fr"),
        (["hasta", "el"], "es"), (["regreso", "el"], "es"), (["de", "vuelta", "el"], "es"),
    ]

    /// Keeps the dots, which belong to dates ("3.12.", "3. Dezember").
    static func trimmedWord(_ word: Substring) -> String {
        var word = word
        while let first = word.first, "([{\"'«¿¡".contains(first) { word.removeFirst() }
        while let last = word.last, ",;:!?)]}\"'»".contains(last) { word.removeLast() }
        return String(word)
    }

    /// A date starting at `index`: `2026-12-03`, `3.12.2026`, `3.12.`, `12/3/2026`, `December 3, 2026`,
    /// `3rd of December`, `3. Dezember`, `3 décembre`, `3 de diciembre de 2026`.
    static func calendarDay(in words: [String], at index: Int, monthFirst: Bool) -> CalendarDay? {
        func word(_ offset: Int) -> String? { index + offset < words.count ? words[index + offset] : nil }
        guard let token = word(0) else { return nil }
        if let numeric = numericDay(token, monthFirst: monthFirst) { return numeric }
        if let month = monthNumber(token), let day = word(1).flatMap({ dayNumber($0) }) {
            return CalendarDay(year: word(2).flatMap { yearNumber($0) }, month: month, day: day)
        }
        guard let day = dayNumber(token) else { return nil }
        var offset = 1
        if let next = word(offset), next == "of" || next == "de" { offset += 1 }
        guard let month = word(offset).flatMap({ monthNumber($0) }) else { return nil }
        offset += 1
        if word(offset) == "de" { offset += 1 }
        return CalendarDay(year: word(offset).flatMap { yearNumber($0) }, month: month, day: day)
    }

    /// ISO, or day-first with dots or slashes; slashes are month-first in English, as long as the
    /// first number can be a month.
    static func numericDay(_ token: String, monthFirst: Bool) -> CalendarDay? {
        let core = token.hasSuffix(".") ? token.dropLast() : Substring(token)
        let iso = core.split(separator: "-", omittingEmptySubsequences: false)
        if iso.count == 3, iso[0].count == 4, let year = number(iso[0]), let month = number(iso[1]), let day = number(iso[2]) {
            return CalendarDay(year: year, month: month, day: day)
        }
        let slashed = core.contains("/")
        let parts = core.split(separator: slashed ? "/" : ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || (parts.count == 2 && !slashed), parts[0].count <= 2, parts[1].count <= 2,
              let first = number(parts[0]), let second = number(parts[1])
        else { return nil }
        var year: Int?
        if parts.count == 3 {
            guard [2, 4].contains(parts[2].count), let written = number(parts[2]) else { return nil }
            year = written < 100 ? 2000 + written : written
        }
        if slashed, monthFirst, first <= 12 { return CalendarDay(year: year, month: first, day: second) }
        return CalendarDay(year: year, month: second, day: first)
    }

    /// `3`, `3.`, `3rd`, `1er` (French).
    static func dayNumber(_ token: String) -> Int? {
        var digits = token.hasSuffix(".") ? token.dropLast() : Substring(token)
        for suffix in ["st", "nd", "rd", "th", "er"] where digits.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            break
        }
        guard digits.count <= 2, let day = number(digits), (1...31).contains(day) else { return nil }
        return day
    }

    static func yearNumber(_ token: String) -> Int? {
        let digits = token.hasSuffix(".") ? token.dropLast() : Substring(token)
        guard digits.count == 4 else { return nil }
        return number(digits)
    }

    static func monthNumber(_ token: String) -> Int? {
        monthNumbers[token.hasSuffix(".") ? String(token.dropLast()) : token]
    }

    /// Only ASCII digits: `Int("+3")` would accept a sign.
    static func number(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return Int(digits)
    }

    /// Month names and their usual abbreviations in English, German, French and Spanish. Built
    /// from lists because several languages share a spelling ("mai", "mar"), which a dictionary
    /// literal would reject at run time.
    static let monthNumbers: [String: Int] = {
        let names: [[String]] = [
            ["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"],
            ["february", "feb", "februar", "février", "févr", "fév", "febrero"],
            ["march", "mar", "märz", "mär", "mrz", "mars", "marzo"],
            ["april", "apr", "avril", "avr", "abril", "abr"],
            ["may", "mai", "mayo"],
            ["june", "jun", "juni", "juin", "junio"],
            ["july", "jul", "juli", "juillet", "juil", "julio"],
            ["august", "aug", "août", "agosto", "ago"],
            ["september", "sep", "sept", "septembre", "septiembre", "setiembre"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre"],
            ["november", "nov", "novembre", "noviembre"],
            ["december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic"],
        ]
        var table: [String: Int] = [:]
        for (index, spellings) in names.enumerated() {
            for spelling in spellings { table[spelling] = index + 1 }
        }
        return table
    }()

    /// A date as written, the year possibly left out.
    struct CalendarDay: Sendable, Equatable {
        var year: Int?
        var month: Int
        var day: Int

        /// Midnight UTC of the day; without a year, of the first such day on or after the reference
        /// (a few years on, so 29 February finds a leap year).
        func date(onOrAfter reference: Date) -> Date? {
            if let year { return Self.startOfDay(year: year, month: month, day: day) }
            let today = Self.calendar.startOfDay(for: reference)
            let thisYear = Self.calendar.component(.year, from: reference)
            for year in thisYear...(thisYear + 4) {
                if let date = Self.startOfDay(year: year, month: month, day: day), date >= today { return date }
            }
            return nil
        }

        static let calendar: Calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
            return calendar
        }()

        /// Nil for a day the month does not have: the calendar would roll 31 November over to 1 December.
        static func startOfDay(year: Int, month: Int, day: Int) -> Date? {
            guard (1...12).contains(month), (1...31).contains(day),
                  let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
                  calendar.component(.day, from: date) == day
            else { return nil }
            return date
        }
    }
}
