/// Which organs may adopt a decision with a given effect, as the sources show them acting: data with its sources, not a
/// guess. A historical decision recorded from the sources passes the same rule a new draft does.
public enum Competence {
    /// An organ competent for an effect, and the sources (ids in the dataset) that show it so.
    public struct Grant: Sendable, Equatable {
        public var organ: String
        public var sources: [String]
    }

    /// The organs competent for each kind of effect. The description of CICA (`DESC`) gives the organs' general roles;
    /// the others are the sources where an organ is recorded taking such a decision.
    public static let table: [String: [Grant]] = [
        NoEffect.kind: [Grant(organ: "summit", sources: ["CICA_DESCRIPTION"]), Grant(organ: "ministerial-council", sources: ["CICA_DESCRIPTION"]),
                        Grant(organ: "senior-officials-committee", sources: ["CICA_DESCRIPTION"])],
        AdmitMemberState.kind: [Grant(organ: "summit", sources: ["KAZEMB_2006", "KAZINFORM_KUWAIT"]),
                                Grant(organ: "ministerial-council", sources: ["SCICA_2ND_MIN", "KAZEMB_2008B", "ASTANATIMES_SAUDI"])],
        // Qatar approved as observer at the Third Ministerial Meeting; Turkmenistan granted observer status by the Senior
        // Officials Committee on 23 June 2021.
        GrantObserverStatus.kind: [Grant(organ: "summit", sources: ["CICA_DESCRIPTION"]), Grant(organ: "ministerial-council", sources: ["KAZEMB_2008B"]),
                                   Grant(organ: "senior-officials-committee", sources: ["SCICA_SOC_2021_06"])],
        AdoptDocument.kind: [Grant(organ: "summit", sources: ["CICA_DESCRIPTION"]), Grant(organ: "ministerial-council", sources: ["CICA_DESCRIPTION"]),
                             Grant(organ: "senior-officials-committee", sources: ["CICA_DESCRIPTION"])],
        // The Committee adopted the list of coordinators (23 June 2021) and approved the ICT-security coordinators (22 August 2023).
        AssignCoordinator.kind: [Grant(organ: "senior-officials-committee", sources: ["SCICA_SOC_2021_06", "SCICA_SOC_2023_08"])],
        // The first Secretary General was appointed at the Sixth Summit (2022); Executive Directors by the Ministers.
        // The Rules of Procedure (amended in 2009): the chair passes at the regular Summit and the regular Ministerial Council.
        AssumeChairmanship.kind: [Grant(organ: "summit", sources: ["SCICA_2ND_MIN"]), Grant(organ: "ministerial-council", sources: ["SCICA_2ND_MIN"])],
        AppointSecretaryGeneral.kind: [Grant(organ: "summit", sources: ["BIGASIA_SG", "ASTANATIMES_STATEMENT"]),
                                       Grant(organ: "ministerial-council", sources: ["SCICA_SECRETARIAT_OLD", "INFORM_2020"])],
    ]

    /// The organs competent for `kind`, in the table's order.
    public static func organs(for kind: String) -> [String] { (table[kind] ?? []).map(\.organ) }
}
