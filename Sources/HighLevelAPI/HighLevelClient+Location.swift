package import LosslessJSON

extension HighLevelClient {
    /// `POST /contacts/search` for one page.
    package func searchContacts(_ query: ContactSearchQuery) async -> APIExchange<ContactSearchPage> {
        await send(path: "/contacts/search", body: .json(query.body)).flatMap { response throws(ResponseDecodingError) in
            try ContactSearchPage(body: response.body)
        }
    }

    /// `GET /locations/{locationId}/customFields?model=contact`: each element of the `customFields` array, as
    /// sent (normalization reads them).
    package func customFieldDefinitions(locationID: LocationID) async -> APIExchange<[JSONValue]> {
        await send(path: "/locations/\(locationID.rawValue)/customFields?model=contact", body: nil).flatMap {
            response throws(ResponseDecodingError) in
            try Self.customFieldList(body: response.body)
        }
    }

    /// The `customFields` array of a 200 body (`null` reads as empty); any other shape is refused.
    package static func customFieldList(body: [UInt8]) throws(ResponseDecodingError) -> [JSONValue] {
        try ResponseDecodingError.arrayMember("customFields", of: body).items
    }
}
