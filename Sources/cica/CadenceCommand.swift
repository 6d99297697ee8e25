import ArgumentParser
import Foundation
import CICACore
import CICAServer
import CICAStore

/// `cica cadence [ORGAN]`: whether each organ has met as its rule requires, period by period, and when the next meeting
/// is due — from the database when there is one, else from the shipped record.
struct CadenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cadence", abstract: cli("cli.cadence.abstract"))

    @Argument(help: ArgumentHelp(stringLiteral: cli("cli.cadence.organ")))
    var organ: String?

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
        let today = config.today()
        let record: [(Organ, [Meeting])]
        if case .sqlite(let path) = config.database, !FileManager.default.fileExists(atPath: path) {
            let dataset = try ReferenceDataset.shipped()
            record = dataset.organs.map { organ in (organ, dataset.meetings.filter { $0.organ == organ.slug }) }
        } else {
            record = try await Platform.withOpen(config, logger: makeLogger(config.logLevel), createKey: false) { platform in
                var found: [(Organ, [Meeting])] = []
                for organ in try await platform.organs.organs().map(\.organ) {
                    found.append((organ, try await platform.allMeetings(organ: organ.slug)))
                }
                return found
            }
        }
        let chosen = record.filter { organ == nil || $0.0.slug == organ }
        guard !chosen.isEmpty else {
            throw ValidationError(cli("cli.cadence.noOrgan", ["organ": organ ?? "", "organs": record.map(\.0.slug).joined(separator: ", ")]))
        }
        let l = CommandLineLanguage.localizer
        for (organ, meetings) in chosen {
            let report = CadenceReport.evaluate(organ.cadence, meetings: meetings, asOf: today)
            say("\(l.name(of: organ)): \(l.cadence(organ.cadence))")
            if let last = report.lastMeeting, let meeting = meetings.first(where: { $0.id == last }) {
                say("  " + cli("cli.cadence.last", ["meeting": l.title(of: meeting), "date": l.date(meeting.start)]))
            }
            for interval in report.intervals {
                say("  \(interval.fromDate) → \(interval.toDate)  \(l(interval.exceeded ? "cadence.interval.exceeded" : "cadence.interval.within"))")
            }
            for year in report.years {
                let informal = year.informal > 0 ? " (+\(year.informal) \(l("cadence.informal")))" : ""
                say("  \(year.year)  \(year.count)\(informal)  \(l("cadence.year.\(year.status.rawValue)"))")
            }
            if let due = report.due {
                say("  " + l("cadence.dueWindow", ["from": l.date(due.from), "to": l.date(due.to), "count": "\(due.remaining)"]))
            }
            if report.overdue { say("  " + l("cadence.overdue")) }
            say("")
        }
    }
}
