import Foundation

/// When a sequence may send: a time zone and, for each day of the week, the hours it may use.
public struct Schedule: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.schedule

    public let id: EntityID<Schedule>
    public let accountID: AccountID
    public let name: String
    /// An IANA time zone name such as `Europe/Berlin`.
    public let timeZone: String
    public let isDefault: Bool
    /// Seven entries, Sunday (0) to Saturday (6).
    public let week: WeeklyHours
    public let createdAt: Date

    public init(id: EntityID<Schedule>, accountID: AccountID, name: String, timeZone: String, isDefault: Bool, week: WeeklyHours, createdAt: Date) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.timeZone = timeZone
        self.isDefault = isDefault
        self.week = week
        self.createdAt = createdAt
    }
}

public typealias ScheduleID = EntityID<Schedule>

extension PublicIDKind {
    public static let schedule = PublicIDKind(rawValue: "schedule")
}

/// A time of day in a schedule's own zone; 24:00 may end a day.
public struct TimeOfDay: Sendable, Equatable, Comparable, Codable {
    public let hour: Int
    public let minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    public var minutes: Int { hour * 60 + minute }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

public struct TimeSlot: Sendable, Equatable, Codable {
    public let start: TimeOfDay
    public let end: TimeOfDay

    public init(start: TimeOfDay, end: TimeOfDay) {
        self.start = start
        self.end = end
    }
}

/// The sending hours of each day of the week, validated: every day once, slots in order and
/// not overlapping, times within the day.
public struct WeeklyHours: Sendable, Equatable {
    /// Indexed by day: 0 is Sunday.
    public let days: [[TimeSlot]]

    /// Monday to Friday, 9:00 to 17:00: the schedule every account starts with.
    public static let workingHours = WeeklyHours(
        validated: (0..<7).map { day in (1...5).contains(day) ? [TimeSlot(start: .init(hour: 9, minute: 0), end: .init(hour: 17, minute: 0))] : [] })

    init(validated days: [[TimeSlot]]) {
        self.days = days
    }

    public init(days entries: [(day: Int, slots: [TimeSlot])]) throws(ReachError) {
        guard entries.count == 7 else {
            throw ReachError.invalidInput("timeSlots must have exactly 7 entries, one per day (0 = Sunday to 6 = Saturday)", field: "timeSlots")
        }
        var days: [[TimeSlot]?] = Array(repeating: nil, count: 7)
        for entry in entries {
            guard (0...6).contains(entry.day) else {
                throw ReachError.invalidInput("timeSlots day must be between 0 (Sunday) and 6 (Saturday)", field: "timeSlots")
            }
            guard days[entry.day] == nil else {
                throw ReachError.invalidInput("timeSlots names day \(entry.day) more than once", field: "timeSlots")
            }
            let slots = entry.slots.sorted { $0.start < $1.start }
            for slot in slots {
                for time in [slot.start, slot.end] where !(0...59).contains(time.minute) || !(0...24).contains(time.hour) || time.minutes > 24 * 60 {
                    throw ReachError.invalidInput("\(time.hour):\(time.minute) is not a time of day", field: "timeSlots")
                }
                guard slot.start < slot.end else {
                    throw ReachError.invalidInput("A time slot of day \(entry.day) ends before it starts", field: "timeSlots")
                }
            }
            for (earlier, later) in zip(slots, slots.dropFirst()) where later.start < earlier.end {
                throw ReachError.invalidInput("Time slots of day \(entry.day) overlap", field: "timeSlots")
            }
            days[entry.day] = slots
        }
        self.days = days.map { $0! }
    }

    public var isEmpty: Bool { days.allSatisfy(\.isEmpty) }
}

/// What creating a schedule needs, validated.
public struct NewSchedule: Sendable, Equatable {
    public let name: String
    public let timeZone: String
    public let isDefault: Bool
    public let week: WeeklyHours

    public init(name: String, timeZone: String, isDefault: Bool, week: WeeklyHours) throws(ReachError) {
        let name = name.trimmingWhitespace()
        guard !name.isEmpty else { throw ReachError.invalidInput("name should not be empty", field: "name") }
        guard name.count <= 100 else { throw ReachError.invalidInput("name must be shorter than or equal to 100 characters", field: "name") }
        guard let zone = TimeZone(identifier: timeZone), timeZone.contains("/") || timeZone == "UTC" else {
            throw ReachError.invalidInput("timezone must be an IANA time zone name such as Europe/Berlin", field: "timezone")
        }
        guard !week.isEmpty else {
            throw ReachError.invalidInput("timeSlots must give at least one day some sending hours", field: "timeSlots")
        }
        self.name = name
        self.timeZone = zone.identifier
        self.isDefault = isDefault
        self.week = week
    }
}
