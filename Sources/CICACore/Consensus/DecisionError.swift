import Foundation

/// Why a decision operation was refused; each names what to do instead.
public enum DecisionError: Error, Equatable, Sendable {
    case noSuchDecision(String)
    case notPossible(DecisionStep, DecisionStatus)
    case effect(EffectError)
    case position(PositionError)
    case invalid(FieldError)
    /// Under silence procedure a decision closes at its deadline (or when a Member State objects).
    case silenceRunning(deadline: Date)
    /// The effect could not be applied at adoption: nothing was changed.
    case effectFailed(EffectError)
    /// A decision drafted for a meeting is taken only while the meeting is in session.
    case meetingNotInSession(meeting: String, status: MeetingStatus)
}
