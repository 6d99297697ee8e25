import Benchmark
import CICACore
import CICAStore
import Foundation
import Logging

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5))

    let dataset = try! ReferenceDataset.shipped()
    let countries = Dictionary(uniqueKeysWithValues: dataset.countries.map { ($0.alpha2, $0) })
    let members = Dictionary(uniqueKeysWithValues: dataset.memberStates.map { ($0.code, $0) })

    Benchmark("Eligibility of every ISO 3166-1 entry") { benchmark in
        for _ in benchmark.scaledIterations {
            for country in dataset.countries {
                blackHole(Eligibility.assess(country, memberState: members[country.alpha2], observer: nil))
            }
        }
    }

    Benchmark("Explain eligibility in English") { benchmark in
        let localizer = Localizer(.en)
        let answer = Eligibility.assess(countries["EG"]!, memberState: members["EG"], observer: nil)
        for _ in benchmark.scaledIterations { blackHole(localizer.explanation(of: answer)) }
    }

    Benchmark("Decode the shipped dataset") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try ReferenceDataset.shipped()) }
    }

    Benchmark("Cadence report of the Summit") { benchmark in
        let summit = dataset.organs.first { $0.slug == "summit" }!
        let meetings = dataset.meetings.filter { $0.organ == "summit" }
        for _ in benchmark.scaledIterations {
            blackHole(CadenceReport.evaluate(summit.cadence, meetings: meetings, asOf: CivilDate(year: 2026, month: 11, day: 29)))
        }
    }

    Benchmark("SQLite: a page of Member States with provenance", configuration: .init(maxDuration: .seconds(10))) { benchmark in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cica-bench-\(UUID().uuidString).sqlite").path
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let database = try await Database.open(.sqlite(path: path), logger: logger)
        try await MigrationRunner().run(on: database)
        try await ReferenceData.seed(into: database)
        let repository = SQLMembershipRepository(database: database)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await repository.memberStates(founding: nil, page: PageRequest()))
        }
        benchmark.stopMeasurement()
        await database.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
