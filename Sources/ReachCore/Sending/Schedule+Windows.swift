import Foundation

extension Schedule {
    /// The calendar of the schedule's time zone (UTC when the stored zone is unknown).
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        return calendar
    }

    /// Whether `date` falls inside one of the day's sending slots, in the schedule's time zone.
    public func isOpen(at date: Date) -> Bool {
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let minutes = parts.hour! * 60 + parts.minute!
        return week.days[parts.weekday! - 1].contains { $0.start.minutes <= minutes && minutes < $0.end.minutes }
    }

    /// The first moment at or after `date` inside a sending slot; nil for a week without slots.
    public func nextOpening(atOrAfter date: Date) -> Date? {
        if isOpen(at: date) { return date }
        let calendar = self.calendar
        let today = calendar.startOfDay(for: date)
        for offset in 0...7 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { continue }
            let weekday = calendar.component(.weekday, from: day)
            for slot in week.days[weekday - 1].sorted(by: { $0.start < $1.start }) {
                guard let start = calendar.date(byAdding: .minute, value: slot.start.minutes, to: day) else { continue }
                if start >= date { return start }
            }
        }
        return nil
    }

    /// The start of the local day `days` after the day of `date`: where a step `days` later
    /// becomes due.
    public func startOfDay(_ days: Int, after date: Date) -> Date {
        let calendar = self.calendar
        let start = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: days, to: start) ?? start.addingTimeInterval(Double(days) * 86_400)
    }
}
