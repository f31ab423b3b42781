"""Named exceptions. Library code raises these with a reason; the CLI prints one line."""


class TalliesError(Exception):
    """Base of every error Tallies raises on purpose."""


class InputError(TalliesError):
    """An input could not be read or used (missing, empty, binary, no article text...)."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class InputTooLarge(InputError):
    """An input is over the size limit in the settings."""


class NotEnglish(InputError):
    """An article is in another language; it is skipped, not mined."""

    def __init__(self, source: str, language: str):
        self.language = language
        super().__init__(source, f"skipped: language is {language!r}, not English")


class ModelNotFound(TalliesError):
    """The spaCy pipeline named in the settings is not installed."""


class SettingsError(TalliesError):
    """A settings file or flag is not valid."""


class StoreError(TalliesError):
    """The store could not be opened or written."""


class FetchError(InputError):
    """A URL could not be fetched within the limits."""


class EngineError(TalliesError):
    """A distributed run could not start or go on (no scheduler, no workers, no shared output)."""


class RunMismatch(EngineError):
    """An output directory holds a run of other inputs or settings; it is never overwritten."""


class StoreLocked(StoreError):
    """Another process holds the store's write lock for longer than store.busy_timeout."""


class StoreFull(StoreError):
    """The disk (or the store's size limit) is full; the article being written was not stored."""


class NotFound(TalliesError):
    """An event, place or source asked for is not in the store."""
