import Benchmark
import CICAWorkloads

// Every workload of CICAWorkloads (Benchmarks/Workloads), which the platform's test suite runs once and checks.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5))

    for workload in Workloads.all {
        Benchmark(workload.name) { benchmark in
            let right = try await workload.run(benchmark.scaledIterations.count, { benchmark.startMeasurement() }, { benchmark.stopMeasurement() })
            precondition(right, "\(workload.name): the answer is wrong")
        }
    }
}
