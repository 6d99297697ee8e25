import Foundation
import HTTPTypes
import OpenAPIRuntime
import CICACore
import CICAStore

/// The registry's operations: list, read, register, revise, amend, add language versions, upload and download files.
/// Every read goes through the asker's `Readership`; every write needs `manageRecords` (the Secretariat).
extension PlatformAPI {
    func listDocuments(_ input: Operations.ListDocuments.Input) async throws -> Operations.ListDocuments.Output {
        let readership = RequestInfo.current.readership
        let page = try PageRequest.parse(limit: input.query.limit, cursor: input.query.cursor)
        let filter = DocumentFilter(kind: try input.query.kind.map { try $0.inCore(field: "kind") }, year: try Self.year(input.query.year),
                                    organ: input.query.organ, language: try input.query.language.map { try DocumentLanguage.check($0, field: "language") })
        let result = try await platform.documents.documents(filter, page: page, readership: readership)
        let total = try await platform.documents.count(filter, readership: readership)
        return .ok(.init(body: .json(.init(items: try result.items.map { try M.document($0.document, versions: $0.versions) },
                                           total: total, nextCursor: result.nextCursor))))
    }

    func getDocument(_ input: Operations.GetDocument.Input) async throws -> Operations.GetDocument.Output {
        .ok(.init(body: .json(try M.documentDetail(try await readable(input.path.id)))))
    }

    func registerDocument(_ input: Operations.RegisterDocument.Input) async throws -> Operations.RegisterDocument.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let document = try await platform.documents.register(
            DocumentFields(title: b.title, kind: b.kind, date: b.date, place: b.place, organ: b.organ, meeting: b.meeting, decision: b.decision,
                           access: b.access, symbol: b.symbol, language: b.language, text: b.text),
            actor: info.actor, now: platform.now())
        return .created(.init(body: .json(try M.documentDetail(try await readable(document.id)))))
    }

    func amendDocument(_ input: Operations.AmendDocument.Input) async throws -> Operations.AmendDocument.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try await readable(input.path.id)
        _ = try await platform.documents.amend(id: input.path.id, DocumentFields(date: b.date, place: b.place, access: b.access),
                                               actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(try M.documentDetail(try await readable(input.path.id)))))
    }

    func issueSuccessor(_ input: Operations.IssueSuccessor.Input) async throws -> Operations.IssueSuccessor.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try await readable(input.path.id)
        let document = try await platform.documents.issue(following: input.path.id, relation: b.relation,
                                                          DocumentFields(title: b.title, date: b.date, place: b.place, access: b.access,
                                                                         language: b.language, text: b.text),
                                                          actor: info.actor, now: platform.now(), today: platform.today())
        return .created(.init(body: .json(try M.documentDetail(try await readable(document.id)))))
    }

    func putDocumentVersion(_ input: Operations.PutDocumentVersion.Input) async throws -> Operations.PutDocumentVersion.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try await readable(input.path.id)
        let fields = DocumentFields(title: b.title, text: b.text)
        let version = try await platform.documents.addVersion(document: input.path.id, language: input.path.language, title: fields.title,
                                                              text: fields.text, file: nil, keep: nil, actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(M.languageVersion(version))))
    }

    func putDocumentFile(_ input: Operations.PutDocumentFile.Input) async throws -> Operations.PutDocumentFile.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        _ = try await readable(input.path.id)
        let language = try DocumentLanguage.check(input.path.language, field: "language")
        let (declared, body): (String, HTTPBody) = switch input.body {
        case .pdf(let b): (CICACore.FileType.pdf.mediaType, b)
        case .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(let b): (CICACore.FileType.docx.mediaType, b)
        case .applicationVnd_oasis_opendocument_text(let b): (CICACore.FileType.odt.mediaType, b)
        case .plainText(let b): (CICACore.FileType.text.mediaType, b)
        case .png(let b): (CICACore.FileType.png.mediaType, b)
        case .jpeg(let b): (CICACore.FileType.jpeg.mediaType, b)
        case .binary(let b): ("application/octet-stream", b)
        }
        let received = try await platform.files.receive(body)
        let version = try await platform.addVersion(document: input.path.id, language: language, title: DocumentFields(title: input.query.title).title,
                                                    text: nil, file: received, declared: declared, filename: input.query.filename, actor: info.actor)
        return .ok(.init(body: .json(M.languageVersion(version))))
    }

    func getDocumentFile(_ input: Operations.GetDocumentFile.Input) async throws -> Operations.GetDocumentFile.Output {
        let language = try DocumentLanguage.check(input.path.language, field: "language")
        guard let version = try await platform.documents.version(document: input.path.id, language: language, revision: input.query.revision,
                                                                 readership: RequestInfo.current.readership),
              let file = version.file else {
            throw NotFound(entity: Message("entity.documentFile"), key: "\(input.path.id)/\(language)", list: SiteURL.document(input.path.id).href)
        }
        let chunks = try await platform.files.verifiedChunks(file)
        let body = HTTPBody(chunks, length: .known(Int64(file.size)), iterationBehavior: .single)
        // Written verbatim: the generated code would percent-encode them.
        let headers = RequestInfo.current.verbatimHeaders
        headers.set(.contentDisposition, ContentDisposition.attachment(filename: file.filename))
        headers.set(HTTPField.Name("Repr-Digest")!, "sha-256=:" + Data(MerkleLog.hash(hex: file.sha256) ?? []).base64EncodedString() + ":")
        headers.set(HTTPField.Name("X-Checksum-SHA256")!, file.sha256)
        headers.set(.contentType, file.type.mediaType)
        let content: Operations.GetDocumentFile.Output.Ok.Body = switch file.type {
        case .pdf: .pdf(body)
        case .docx: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(body)
        case .odt: .applicationVnd_oasis_opendocument_text(body)
        case .text: .plainText(body)
        case .png: .png(body)
        case .jpeg: .jpeg(body)
        }
        return .ok(.init(body: content))
    }

    /// The document, or 404 when it does not exist or the asker may not read it (the two are told apart to no one).
    func readable(_ id: String) async throws -> DocumentRecord {
        guard let record = try await platform.documents.document(id: id, readership: RequestInfo.current.readership) else {
            throw NotFound(entity: Message("entity.document"), key: id, list: SiteURL.documents.href)
        }
        return record
    }
}
