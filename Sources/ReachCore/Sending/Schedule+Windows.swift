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

    /// The start of the local day `days` after the day of `date`: where a step `days` later
    /// becomes due.
    public func startOfDay(_ days: Int, after date: Date) -> Date {
        let calendar = self.calendar
        let start = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: days, to: start) ?? start.addingTimeInterval(Double(days) * 86_400)
    }
}
