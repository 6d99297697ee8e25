import Foundation
import Testing
import CICACore

/// The limits the contract states are the limits the rules enforce: one definition in CICACore, read by this test from
/// openapi.yaml so that the two cannot drift apart.
@Suite("Contract limits")
struct ContractLimitsTests {
    static let contract: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CICAServer/openapi.yaml")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The schema lines of every `year` query parameter.
    static var yearSchemas: [String] {
        let lines = contract.components(separatedBy: "\n")
        var schemas: [String] = []
        for (index, line) in lines.enumerated() where line.contains("name: year") {
            if line.contains("schema:") { schemas.append(line); continue }
            if let schema = lines[index...].prefix(5).first(where: { $0.contains("schema:") }) { schemas.append(schema) }
        }
        return schemas
    }

    @Test("every year parameter of the contract allows exactly Limits.years")
    func years() {
        #expect(Self.yearSchemas.count >= 3)
        for schema in Self.yearSchemas {
            #expect(schema.contains("minimum: \(Limits.years.lowerBound)") && schema.contains("maximum: \(Limits.years.upperBound)"), "\(schema)")
        }
    }

    @Test("the lengths of a decision's title and an account's name are the rules' own")
    func lengths() {
        #expect(Self.contract.contains("title: { type: string, maxLength: \(DecisionText.maximumTitle) }"))
        #expect(Self.contract.contains("displayName: { type: string, maxLength: \(AccountInput.maximumNameLength) }"))
    }
}
