extension HighLevelClient {
    /// Sends one `POST /contacts/search` for one page; never throws, every outcome is in the result.
    public func searchContacts(_ query: ContactSearchQuery) async -> APIExchange<ContactSearchPage> {
        let exchange = await send(path: "/contacts/search", body: query.body)
        return APIExchange(result: exchange.result.flatMap { response in
            Result { () throws(ContactResponse.DecodingError) in try ContactSearchPage(body: response.body) }
                .mapError { HighLevelAPIError.undecodable($0) }
        }, rateLimit: exchange.rateLimit)
    }

    /// Sends one `GET /locations/{locationId}/customFields?model=contact`; never throws.
    public func customFieldDefinitions(locationID: LocationID) async -> APIExchange<[CustomFieldDefinitionPayload]> {
        let exchange = await send(path: "/locations/\(locationID.rawValue)/customFields?model=contact", body: nil)
        return APIExchange(result: exchange.result.flatMap { response in
            Result { () throws(ContactResponse.DecodingError) in
                try CustomFieldDefinitionPayload.decodeList(body: response.body)
            }.mapError { HighLevelAPIError.undecodable($0) }
        }, rateLimit: exchange.rateLimit)
    }
}
