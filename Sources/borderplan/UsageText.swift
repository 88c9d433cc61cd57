import ArgumentParser
import BorderPlanKit

/// A usage error in the language `--lang` asks for: the catalogue's text `key` (usage.json).
func usage(_ key: String, _ arguments: [String: MessageValue] = [:]) -> ValidationError {
    ValidationError(DataError.Problem(key, arguments).text(Localizer(requestedLanguage())))
}

/// A limit or a plan's refusal as the parser's validation error, in the language `--lang` asks for.
func usage(_ error: some TranslatableError) -> ValidationError {
    ValidationError(error.text(Localizer(requestedLanguage())))
}

/// The problem of a data error without its location, in the language `--lang` asks for.
func problemText(_ error: DataError) -> String {
    error.problem?.text(Localizer(requestedLanguage())) ?? error.message
}

/// A progress note of the catalogue (usage.json) on standard error, in the language `--lang` asks for.
func noteText(_ key: String, _ arguments: [String: MessageValue] = [:]) {
    note(DataError.Problem(key, arguments).text(Localizer(requestedLanguage())))
}
