import Foundation
import HighLevelAPI

/// The base URL and token every command that calls the API needs, or the usage-error exit that names the problem.
enum APIAccess {
    static func resolve(baseURL: String, tokenFile: String?) -> (baseURL: String, token: AccessToken) {
        let validated: String
        do {
            validated = try BaseURLPolicy.validate(baseURL)
        } catch {
            fail(error.description, code: ExitStatus.usage)
        }
        do {
            let token = try AccessToken.resolve(environment: ProcessInfo.processInfo.environment, tokenFile: tokenFile)
            return (validated, token)
        } catch {
            fail(error.description, code: ExitStatus.usage)
        }
    }
}
