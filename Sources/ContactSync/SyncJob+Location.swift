import ContactNormalization
import ContactStore
import HighLevelAPI
import Logging

extension SyncJob {
    /// Fetches the location's custom field definitions through the run's paced call and stores them.
    ///
    /// A failure is logged, not fatal, even a 401/403: the definitions only name the values the contacts carry,
    /// and the token may lack just this scope. A quota or a signal shows at the first contact request.
    func refreshCustomFields<C: Clock>(of locationID: LocationID, client: HighLevelClient, call: PacedCall<C>) async
    where C.Duration == Duration {
        let result = await call.perform(renewing: client.tokens) { await client.customFieldDefinitions(locationID: locationID) }
        let failure: String
        switch result.outcome {
        case .success(let definitions):
            let rows = definitions.compactMap(CustomFieldDefinitionRow.init(definition:))
            do {
                try store.refreshCustomFieldDefinitions(rows, locationID: locationID.rawValue)
                logger.info("custom field definitions refreshed", metadata: ["count": "\(rows.count)"])
            } catch {
                logger.warning("could not store custom field definitions", metadata: ["error": "\(error)"])
            }
            return
        case .cancelled: return
        case .quotaExhausted: failure = "the daily request quota is used up"
        case .fatal(let error), .gaveUp(let error): failure = error.description
        case .unavailable: failure = "the API does not answer"
        }
        logger.warning("could not fetch custom field definitions; keeping the stored ones", metadata: [
            "location": "\(locationID)", "error": "\(failure)",
        ])
    }
}
