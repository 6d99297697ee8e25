import Foundation
import SQLKit
import CICACore
@testable import CICAStore

/// Accredits the accounts store tests act as (`u-` and the state's code) to every Member State's delegation, from the
/// epoch: the store's own rules refuse a position from anyone not accredited, and a circulation reaches only the states
/// with a delegate accredited.
public func accreditDelegates(_ database: Database) async throws {
    try await database.write { sql in
        for code in try await SQLDecisionRepository.memberStates(sql).sorted() {
            let userId = "u-\(code)"
            try await DelegationStore.insert(DelegationAct(id: "test-\(code)", state: code, kind: .accredit,
                                                           fields: ["userId": .string(userId), "participant": .string(Actor.pseudonym(userId: userId)),
                                                                    "name": .string("Delegate of \(code)"), "role": "member", "until": .null],
                                                           by: "test", at: Date(timeIntervalSince1970: 0)), sql: sql)
        }
    }
}
