import Foundation

/// An e-mail the platform owes someone because of an event: written to the outbox in the event's own transaction and
/// sent later by whichever instance claims it, so that sending never holds up the request that caused it.
public struct Letter: Sendable, Equatable {
    /// The recipient's address (an account's e-mail).
    public var recipient: String
    public var subject: String
    /// Plain text, lines separated by "\n"; the sender encodes it.
    public var body: String
    /// One event, one recipient: the outbox keeps one letter per key, so an event written twice is sent once.
    public var key: String

    public init(recipient: String, subject: String, body: String, key: String) {
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.key = key
    }
}

/// Which events are told by e-mail, to whom, and in what words; the operator turns letters on by configuring an SMTP
/// server (docs/web.md). Letters are written in both working languages, English first, so that nobody waits on a
/// language preference the platform does not keep.
public enum Letters {
    /// How letters point into the platform: the site's public address and the path of a decision's page.
    public struct Settings: Sendable {
        /// The public address of the site, without a trailing slash ("https://platform.s-cica.org").
        public var site: String
        /// The path of a decision's page, from the typed routes.
        public var decisionPath: @Sendable (String) -> String

        public init(site: String, decisionPath: @escaping @Sendable (String) -> String) {
            self.site = site.hasSuffix("/") ? String(site.dropLast()) : site
            self.decisionPath = decisionPath
        }
    }

    /// Someone who may be written to: an account that is not disabled, with its roles.
    public struct Person: Sendable, Equatable {
        public var userId: String
        public var email: String
        public var roles: [Role]

        public init(userId: String, email: String, roles: [Role]) {
            self.userId = userId
            self.email = email
            self.roles = roles
        }
    }

    /// What happened, as far as letters are concerned.
    public enum Event: Sendable, Equatable {
        /// A draft went out under the silence procedure (or a new version of it did): the Member States' positions are
        /// awaited before the deadline.
        case circulated(Decision, deadline: Date)
        /// An open decision was closed: adopted, not adopted or withdrawn.
        case closed(Decision)
    }

    /// The event a step of the decision workflow is, if it is one letters tell.
    public static func event(of changes: DecisionChanges) -> Event? {
        let d = changes.decision
        guard !d.historical else { return nil }
        if d.status == .open, case .silence(let deadline)? = d.procedure, changes.expectedStatus != .open || changes.version != nil {
            return .circulated(d, deadline: deadline)
        }
        if changes.expectedStatus == .open, d.status.isClosed { return .closed(d) }
        return nil
    }

    /// Who is told: for a circulation, every person who may take a position for a Member State (what "What needs my
    /// action" lists for them); for a closing, the same people, who took part or were asked to.
    public static func recipients(of event: Event, among people: [Person], memberStates: Set<String>) -> [Person] {
        people.filter { person in
            let principal = Principal(userId: person.userId, roles: person.roles)
            return person.roles.contains { role in
                guard case .delegate(let state) = role, memberStates.contains(state) else { return false }
                return Policy.decide(principal, .takePosition, on: .state(state)).isAllowed
            }
        }
    }

    /// The letters an event owes, one per recipient, each in English and in Russian.
    public static func owed(by event: Event, to people: [Person], memberStates: Set<String>, settings: Settings) -> [Letter] {
        let english = Localizer(.en), russian = Localizer(.ru)
        return recipients(of: event, among: people, memberStates: memberStates).map { person in
            let (key, subject, en, ru) = words(event, settings: settings, english: english, russian: russian)
            return Letter(recipient: person.email, subject: subject, body: en + "\n\n—\n\n" + ru + "\n", key: "\(key):\(person.userId)")
        }
    }

    static func words(_ event: Event, settings: Settings, english: Localizer, russian: Localizer) -> (key: String, subject: String, en: String, ru: String) {
        switch event {
        case .circulated(let d, let deadline):
            let link = settings.site + settings.decisionPath(d.id)
            func body(_ l: Localizer, _ link: String) -> String {
                l("letter.circulated.body", ["symbol": d.symbol, "title": d.title, "deadline": l.instant(deadline), "link": link])
            }
            return ("circulated:\(d.id):\(d.currentVersion)",
                    english("letter.circulated.subject", ["symbol": d.symbol]) + " / " + russian("letter.circulated.subject", ["symbol": d.symbol]),
                    body(english, link), body(russian, link + "?lang=ru"))
        case .closed(let d):
            let link = settings.site + settings.decisionPath(d.id)
            func body(_ l: Localizer, _ link: String) -> String {
                l("letter.closed.body", ["symbol": d.symbol, "title": d.title, "status": l("decision.status.\(d.status.rawValue)"), "link": link])
            }
            return ("closed:\(d.id)",
                    english("letter.closed.subject", ["symbol": d.symbol, "status": english("decision.status.\(d.status.rawValue)")]) + " / "
                        + russian("letter.closed.subject", ["symbol": d.symbol, "status": russian("decision.status.\(d.status.rawValue)")]),
                    body(english, link), body(russian, link + "?lang=ru"))
        }
    }

    /// A letter the SMTP server refused or could not take is tried again after this long: a minute, doubling with each
    /// attempt, at most six hours apart.
    public static func retryDelay(afterAttempts attempts: Int) -> Duration {
        .seconds(min(60 << min(max(attempts - 1, 0), 20), 6 * 3600))
    }

    /// After this many attempts a letter is given up (and stays in the outbox with its last error, for the operator).
    public static let maximumAttempts = 10
}
