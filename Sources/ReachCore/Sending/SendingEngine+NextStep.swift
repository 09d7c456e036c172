import Foundation

/// "When will this prospect get their next email, and if not, why?" answered with the engine's
/// own rules: the prospect's and the sequence's state, Do Not Contact, open tasks, the mailbox
/// that would send and its quota, and the schedule's hours.
extension SendingEngine {
    public struct NextStepPlan: Sendable, Equatable {
        public enum State: String, Sendable {
            /// The step will run at `plannedAt` as far as Reach can tell now.
            case scheduled
            /// A person must complete or skip the step's task first.
            case waitingForTask
            /// Something stops it until a person acts (see `reasons`).
            case blocked
            /// The sequence is over for this prospect.
            case stopped
        }

        public struct Reason: Sendable, Equatable {
            public let code: String
            public let message: String
        }

        public var state: State
        public var step: SequenceStep?
        public var plannedAt: Date?
        public var mailbox: EmailAccount?
        public var variantLetter: String?
        public var taskID: TaskID?
        public var reasons: [Reason] = []
    }

    public static let enrolmentNotFound = ReachError.notFound("This prospect is not in this sequence")

    public func nextStep(of prospectID: ProspectID, in sequenceID: SequenceID, account: AccountID) async throws -> NextStepPlan {
        guard let sequence = try await sequences.sequence(sequenceID, in: account),
              let enrolment = try await store.enrolmentState(of: prospectID, in: sequenceID),
              let prospect = try await prospects.prospect(prospectID, in: account)
        else { throw Self.enrolmentNotFound }
        let now = clock.now
        let steps = try await sequences.steps(of: sequenceID)
        var plan = NextStepPlan(state: .scheduled, step: enrolment.stepID.flatMap { id in steps.first { $0.id == id } })
        func block(_ code: String, _ message: String) {
            plan.state = .blocked
            plan.reasons.append(.init(code: code, message: message))
        }
        switch enrolment.status {
        case .replied, .finished, .bounced, .unsubscribed:
            plan.state = .stopped
            plan.reasons.append(.init(code: enrolment.status.rawValue, message: "The prospect's status in this sequence is \(enrolment.status.rawValue)"))
            return plan
        case .paused:
            if let until = enrolment.pausedUntil {
                plan.reasons.append(.init(code: "paused", message: "The prospect is paused until \(ISO8601DateFormatter().string(from: until))"))
            } else {
                block("paused", "The prospect is paused in this sequence")
            }
        case .active: break
        }
        guard let step = plan.step else {
            plan.state = .stopped
            plan.reasons.append(.init(code: "no-step", message: "The prospect's step no longer exists"))
            return plan
        }
        if let task = enrolment.openTask {
            plan.state = .waitingForTask
            plan.taskID = task
            plan.reasons.append(.init(code: "task-open", message: "The step's task must be completed or skipped first"))
            return plan
        }
        if prospect.unsubscribedAt != nil { block("unsubscribed", "The prospect unsubscribed") }
        if !sequence.isActive { block("sequence-paused", "The sequence is paused") }
        if let address = EmailAddress(prospect.email) {
            let lists = try await doNotContact.reasons(for: DoNotContactEntry.candidates(for: address), in: account)
            if !lists.isEmpty { block("do-not-contact", "The prospect is on a Do Not Contact list") }
        }
        if let hold = VerificationHold(prospect, sequenceSendsToRisky: sequence.settings.isOn(.sendToRiskyProspects)) {
            block(hold.code, hold.message)
        }
        var earliest = max(enrolment.dueAt ?? now, enrolment.pausedUntil ?? now, now)
        if step.channel == .email {
            plan.variantLetter = step.variant(for: prospectID)?.letter
            var links = try await mailboxes.links(of: sequenceID).map(\.emailAccount)
            if let parent = sequence.trigger?.parentID { links += try await mailboxes.links(of: parent).map(\.emailAccount) }
            let candidates = enrolment.threadMailbox.map { sticky in links.filter { $0.id == sticky } } ?? links
            let active = candidates.filter(\.canSend)
            if active.isEmpty {
                block("no-mailbox", enrolment.threadMailbox == nil
                    ? "None of the sequence's mailboxes is active"
                    : "The mailbox of the prospect's thread is paused or disconnected")
            } else {
                // The mailbox with the most quota left today sends, as the engine chooses.
                let dayStart = Calendar.utc.startOfDay(for: now)
                var best: (EmailAccount, Int)?
                for mailbox in active {
                    let left = mailbox.limits.dailyLimit(on: dayStart) - (try await store.sendCounts(of: [mailbox.id], since: dayStart)[mailbox.id] ?? 0)
                    if best == nil || left > best!.1 { best = (mailbox, left) }
                }
                if let (mailbox, left) = best {
                    plan.mailbox = mailbox
                    if left <= 0 {
                        plan.reasons.append(.init(code: "quota", message: "\(mailbox.sender.email.address) has reached today's limit"))
                        earliest = max(earliest, dayStart.addingTimeInterval(86_400))
                    }
                }
            }
        }
        if let schedule = try await schedules.schedule(sequence.scheduleID, in: account) {
            if let opening = schedule.nextOpening(atOrAfter: earliest) {
                if opening > earliest, step.channel == .email {
                    plan.reasons.append(.init(code: "outside-schedule", message: "It waits for the schedule's next sending hours"))
                }
                // Tasks are made whenever their day comes; emails go inside the schedule's hours.
                plan.plannedAt = step.channel == .email ? opening : earliest
            } else {
                block("empty-schedule", "The schedule has no sending hours")
            }
        }
        if plan.state == .blocked { plan.plannedAt = nil }
        return plan
    }
}

/// An enrolment as the next-step explanation reads it.
public struct EnrolmentState: Sendable, Equatable {
    public let status: EnrolmentStatus
    public let stepID: StepID?
    public let dueAt: Date?
    public let pausedUntil: Date?
    public let threadMailbox: EmailAccountID?
    /// The pending task of the current step, when it made one.
    public let openTask: TaskID?

    public init(status: EnrolmentStatus, stepID: StepID?, dueAt: Date?, pausedUntil: Date?, threadMailbox: EmailAccountID?, openTask: TaskID?) {
        self.status = status
        self.stepID = stepID
        self.dueAt = dueAt
        self.pausedUntil = pausedUntil
        self.threadMailbox = threadMailbox
        self.openTask = openTask
    }
}
