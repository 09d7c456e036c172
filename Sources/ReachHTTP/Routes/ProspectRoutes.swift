import ReachAPI
import ReachCore
import ReachJSON

struct ProspectRoutes {
    let prospects: ProspectService
    let verification: VerificationService

    func register(on router: inout APIRouter) {
        router.add(ProspectsAPI.list) { request in
            let query = try request.decodeParameters(ProspectsAPI.ListQuery.self)
            let account = try request.account
            let found = try await prospects.list(
                in: account, search: query.search, page: query.page, pageSize: query.pageSize,
                sortField: query.sortBy == "owner" ? .owner : .createdAt, direction: query.sort.map(SortDirection.init))
            let catalog = try await prospects.catalog(of: account)
            let custom = query.includeCustomFields ?? false
            return try request.respond(with: request.wire(found, catalog: catalog, includeCustomFields: custom))
        }
        router.add(ProspectsAPI.get) { request in
            let account = try request.account
            let details = try await prospects.get(try request.parameterID("prospectId", as: Prospect.self, notFound: ProspectService.notFound), in: account)
            return try request.respond(with: request.wire(details, catalog: try await prospects.catalog(of: account), includeCustomFields: true))
        }
        router.add(ProspectsAPI.create) { request in
            let body = try request.decodeBody(ProspectsAPI.WriteRequest.self)
            let principal = try request.principal
            let details = try await prospects.create(
                in: principal.accountID, owner: principal.userID, cells: Self.cells(body.attributes ?? [:], request), tags: body.tags ?? [])
            return try request.respond(
                with: request.wire(details, catalog: try await prospects.catalog(of: principal.accountID), includeCustomFields: true))
        }
        router.add(ProspectsAPI.update) { request in
            let body = try request.decodeBody(ProspectsAPI.WriteRequest.self)
            let account = try request.account
            let id = try request.parameterID("prospectId", as: Prospect.self, notFound: ProspectService.notFound)
            let details = try await prospects.update(id, in: account, cells: Self.cells(body.attributes ?? [:], request), addTags: body.tags ?? [])
            return try request.respond(with: request.wire(details, catalog: try await prospects.catalog(of: account), includeCustomFields: true))
        }
        router.add(ProspectsAPI.delete) { request in
            let id = try request.parameterID("prospectId", as: Prospect.self, notFound: ProspectService.notFound)
            guard try await prospects.delete([id], in: request.account) == 1 else { throw ProspectService.notFound }
            return try request.respondWithoutPayload()
        }
        router.add(ProspectsAPI.bulkDelete) { request in
            let ids = request.ids(request.body?["prospectIds"]?.arrayValue ?? [], as: Prospect.self).ids
            return try request.respond(with: ["deleted": JSONValue.integer(Int64(try await prospects.delete(ids, in: request.account)))])
        }
        router.add(ProspectsAPI.assignTags) { request in
            let body = try request.decodeBody(ProspectsAPI.TagTargets.self)
            let ids = body.prospects.map { request.ids($0, as: Prospect.self) }
            let result = try await prospects.assignTags(
                body.tags, prospectIDs: ids?.ids, undecodableIDs: ids?.undecodable ?? 0, emails: body.prospectsEmails, in: request.account)
            return try request.respond(with: ProspectsAPI.TagsAssigned(
                tags: result.tags.map { ProspectsAPI.TagReference(id: request.encode($0.id), name: $0.name) }, prospectCount: result.prospects))
        }
        router.add(ProspectsAPI.unassignTags) { request in
            let body = try request.decodeBody(ProspectsAPI.TagTargets.self)
            let ids = body.prospects.map { request.ids($0, as: Prospect.self) }
            try await prospects.unassignTags(
                body.tags, prospectIDs: ids?.ids, undecodableIDs: ids?.undecodable ?? 0, emails: body.prospectsEmails, in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(ProspectsAPI.listTags) { request in
            let tags = try await prospects.listTags(in: request.account, search: request.parameter("search"))
            return try request.respond(with: tags.map {
                ProspectsAPI.TagSummary(id: request.encode($0.tag.id), name: $0.tag.name, prospectCount: $0.prospectCount)
            })
        }
        router.add(ProspectsAPI.deleteTag) { request in
            let notFound = ReachError.notFound("Tag not found")
            try await prospects.deleteTag(try request.parameterID("tagId", as: Tag.self, notFound: notFound), in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(ProspectsAPI.upsertAttributes) { request in
            let body = try request.decodeBody(ProspectsAPI.AttributeUpsertRequest.self)
            let id = try request.parameterID("prospectId", as: Prospect.self, notFound: ProspectService.notFound)
            let entries: [(JSONValue, JSONValue?)] =
                body.attributes.map { $0.map { ($0.fieldId, $0.attributeValue) } } ?? [(body.fieldId ?? .null, body.attributeValue)]
            let values = entries.map { (Self.fieldReference($0.0, request), APIRequest.cellText($0.1)) }
            let results = try await prospects.setAttributes(of: id, in: request.account, values: values)
            let wire = zip(entries, results).map { entry, result in
                ProspectsAPI.AttributeResult(fieldId: APIRequest.idText(entry.0) ?? "", success: result.error == nil, message: result.error)
            }
            return try request.respond(with: ["results": wire])
        }
        router.add(ProspectsAPI.getAttribute) { request in
            let invalid = ReachError.invalidInput("Field not found", field: "attributeId", code: 50001)
            let field = try request.parameterID("attributeId", as: Field.self, notFound: invalid)
            var prospect: ProspectID?
            if let given = request.parameters["prospectId"] {
                guard let id = request.id(given, as: Prospect.self) else { throw ProspectService.notFound }
                prospect = id
            }
            let (definition, value) = try await prospects.attribute(field, of: prospect, in: request.account)
            return try request.respond(with: ProspectsAPI.AttributeValue(
                fieldId: request.encode(definition.id), label: definition.label, fieldType: definition.type.rawValue, value: value))
        }
        router.add(ProspectsAPI.verificationStatus) { request in
            let emails = request.body?["emails"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let statuses = try await verification.statuses(of: emails, in: request.account)
            return try request.respond(with: statuses.map { email, found in
                ProspectsAPI.VerificationStatusEntry(
                    email: email, prospectId: found.map { request.encode($0.prospect) }, verificationStatus: found?.status.rawValue,
                    verificationReasons: found?.reasons ?? [], verifiedAt: found?.verifiedAt.map(ISO8601Parsing.string),
                    verificationPending: found?.pending ?? false)
            })
        }
        router.add(ProspectsAPI.unsubscribe) { request in
            let (ids, undecodable) = request.ids(request.body?["prospectIds"]?.arrayValue ?? [], as: Prospect.self)
            let count = try await prospects.unsubscribe(ids, undecodableIDs: undecodable, in: request.account)
            return try request.respond(with: ["unsubscribed": JSONValue.integer(Int64(count))])
        }
        router.add(ProspectsAPI.unsubscribeContacts) { request in
            let account = try request.account
            var count = 0
            if let values = request.body?["prospectIds"]?.arrayValue {
                let (ids, undecodable) = request.ids(values, as: Prospect.self)
                count += try await prospects.unsubscribe(ids, undecodableIDs: undecodable, in: account)
            }
            if let emails = request.body?["prospectEmails"]?.arrayValue?.compactMap(\.stringValue) {
                count += try await prospects.unsubscribe(emails: emails, in: account)
            }
            return try request.respond(with: ["unsubscribed": JSONValue.integer(Int64(count))])
        }
    }

    static func cells(_ attributes: [String: JSONValue], _ request: APIRequest) -> [(FieldReference, String)] {
        attributes.keys.sorted().map { (request.fieldReference($0), APIRequest.cellText(attributes[$0])) }
    }

    static func fieldReference(_ value: JSONValue, _ request: APIRequest) -> FieldReference {
        let text = APIRequest.idText(value) ?? ""
        return request.codec.decode(text, as: Field.self).map(FieldReference.id) ?? .unknownID(text)
    }
}
