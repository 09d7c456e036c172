import ReachAPI
import ReachCore

struct FieldRoutes {
    let fields: FieldService

    func register(on router: inout APIRouter) {
        router.add(FieldsAPI.list) { request in
            let all = try await fields.list(in: request.account, includeSystemFields: request.parameters["systemFields"]?.boolValue ?? false)
            return try request.respond(with: all.map(request.wire))
        }
        router.add(FieldsAPI.create) { request in
            let body = try request.decodeBody(FieldsAPI.CreateRequest.self)
            guard let type = FieldType(rawValue: body.fieldType) else { throw ReachError.internalFailure }
            let field = try await fields.create(
                in: request.account, label: body.label, type: type, fallbackText: body.fallbackText, options: body.metadata?.options,
                currencyCode: body.metadata?.currencyCode, tags: body.tags)
            return try request.respond(with: request.wire(field))
        }
        router.add(FieldsAPI.update) { request in
            let body = try request.decodeBody(FieldsAPI.UpdateRequest.self)
            let notFound = ReachError.invalidInput("Field not found", field: "fieldId", code: 1001)
            let id = try request.parameterID("fieldId", as: Field.self, notFound: notFound)
            let field = try await fields.update(id, in: request.account, label: body.label, fallbackText: body.fallbackText, tags: body.tags)
            return try request.respond(with: request.wire(field))
        }
    }
}
