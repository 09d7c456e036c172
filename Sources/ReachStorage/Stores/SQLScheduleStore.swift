import Foundation
import ReachCore
import ReachJSON
import SQLKit

public struct SQLScheduleStore: ScheduleStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    static let columns: SQLQueryString = "id, account_id, name, time_zone, is_default, week, created_at"

    public func schedules(in account: AccountID) async throws -> [Schedule] {
        try await database.read { db in
            try await db.raw("SELECT \(Self.columns) FROM schedules WHERE account_id = \(bind: account.rawValue) ORDER BY id")
                .all().map(Self.schedule)
        }
    }

    public func schedule(_ id: ScheduleID, in account: AccountID) async throws -> Schedule? {
        try await database.read { db in
            try await db.raw("SELECT \(Self.columns) FROM schedules WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)")
                .first().map(Self.schedule)
        }
    }

    public func defaultSchedule(in account: AccountID, at date: Date) async throws -> Schedule {
        let query: SQLQueryString = "SELECT \(Self.columns) FROM schedules WHERE account_id = \(bind: account.rawValue) AND is_default"
        if let found = try await database.read({ db in try await db.raw(query).first().map(Self.schedule) }) {
            return found
        }
        return try await database.write { db in
            // Another request may have created it meanwhile: the partial unique index keeps one,
            // and this insert then adds nothing.
            try await db.raw(
                """
                INSERT INTO schedules (account_id, name, time_zone, is_default, week, created_at)
                VALUES (\(bind: account.rawValue), 'Default schedule', 'UTC', \(bind: true), \(bind: Self.json(WeeklyHours.workingHours)), \(bind: date))
                ON CONFLICT DO NOTHING
                """
            ).run()
            return try await db.raw(query).first().map(Self.schedule)!
        }
    }

    public func createSchedule(_ schedule: NewSchedule, in account: AccountID, at date: Date) async throws -> Schedule {
        try await database.write { db in
            if schedule.isDefault {
                try await db.raw("UPDATE schedules SET is_default = \(bind: false) WHERE account_id = \(bind: account.rawValue) AND is_default").run()
            }
            let id = try await db.raw(
                """
                INSERT INTO schedules (account_id, name, time_zone, is_default, week, created_at)
                VALUES (\(bind: account.rawValue), \(bind: schedule.name), \(bind: schedule.timeZone), \(bind: schedule.isDefault),
                        \(bind: Self.json(schedule.week)), \(bind: date))
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)!
            return Schedule(
                id: ScheduleID(id), accountID: account, name: schedule.name, timeZone: schedule.timeZone, isDefault: schedule.isDefault,
                week: schedule.week, createdAt: date)
        }
    }

    /// The week as `[[[startHour, startMinute, endHour, endMinute], ...], ...]`, Sunday first.
    static func json(_ week: WeeklyHours) -> String {
        JSONWriter.string(.array(week.days.map { slots in
            .array(slots.map { .array([$0.start.hour, $0.start.minute, $0.end.hour, $0.end.minute].map { .integer(Int64($0)) }) })
        }))
    }

    static func week(fromJSON text: String) throws -> WeeklyHours {
        guard let days = try JSONParser.parse(text).arrayValue, days.count == 7 else { throw ReachError.internalFailure }
        let entries = try days.enumerated().map { day, value in
            let slots = try (value.arrayValue ?? []).map { slot -> TimeSlot in
                let numbers = (slot.arrayValue ?? []).compactMap(\.integerValue).map(Int.init)
                guard numbers.count == 4 else { throw ReachError.internalFailure }
                return TimeSlot(start: TimeOfDay(hour: numbers[0], minute: numbers[1]), end: TimeOfDay(hour: numbers[2], minute: numbers[3]))
            }
            return (day: day, slots: slots)
        }
        return try WeeklyHours(days: entries)
    }

    static func schedule(_ row: any SQLRow) throws -> Schedule {
        Schedule(
            id: ScheduleID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            name: try row.decode(column: "name", as: String.self),
            timeZone: try row.decode(column: "time_zone", as: String.self),
            isDefault: try row.decode(column: "is_default", as: Bool.self),
            week: try week(fromJSON: try row.decode(column: "week", as: String.self)),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
