import ReachAPI
import ReachCore
import ReachJSON

struct ScheduleRoutes {
    let sequences: SequenceService

    func register(on router: inout APIRouter) {
        router.add(SchedulesAPI.list) { request in
            try request.respond(with: try await sequences.schedules(in: request.account).map { Self.wire($0, request) })
        }
        router.add(SchedulesAPI.create) { request in
            let body = try request.decodeBody(SchedulesAPI.CreateRequest.self)
            let week = try WeeklyHours(days: body.timeSlots.map { day in
                (day: day.day, slots: day.slots.map {
                    TimeSlot(start: TimeOfDay(hour: $0.start.hour, minute: $0.start.minute), end: TimeOfDay(hour: $0.end.hour, minute: $0.end.minute))
                })
            })
            let schedule = try NewSchedule(name: body.name, timeZone: body.timezone, isDefault: body.isDefault ?? false, week: week)
            return try request.respond(with: Self.wire(try await sequences.createSchedule(schedule, in: request.account), request))
        }
    }

    static func wire(_ schedule: Schedule, _ request: APIRequest) -> SchedulesAPI.Schedule {
        SchedulesAPI.Schedule(
            id: request.encode(schedule.id), name: schedule.name, timezone: schedule.timeZone, isDefault: schedule.isDefault,
            timeSlots: schedule.week.days.enumerated().map { day, slots in
                SchedulesAPI.Day(day: day, slots: slots.map {
                    SchedulesAPI.Slot(
                        start: .init(hour: $0.start.hour, minute: $0.start.minute), end: .init(hour: $0.end.hour, minute: $0.end.minute))
                })
            },
            createdAt: ISO8601Parsing.string(from: schedule.createdAt))
    }

    static func reference(_ schedule: Schedule, _ request: APIRequest) -> SchedulesAPI.Reference {
        SchedulesAPI.Reference(id: request.encode(schedule.id), name: schedule.name, timezone: schedule.timeZone, isDefault: schedule.isDefault)
    }
}
