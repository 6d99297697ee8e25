import Testing
import CICAWorkloads

/// The micro-benchmarks' work, run once each (`Benchmarks/`): it compiles, runs, and gives the right answer, so that
/// the benchmarks never measure something that no longer works.
@Suite("The benchmarks' workloads")
struct WorkloadTests {
    @Test("every workload runs once and its answer is right", arguments: Workloads.all.map(\.name))
    func once(name: String) async throws {
        let workload = try #require(Workloads.all.first { $0.name == name })
        #expect(try await workload.once())
    }

    @Test("each workload has a name of its own")
    func names() {
        #expect(Set(Workloads.all.map(\.name)).count == Workloads.all.count)
    }
}
